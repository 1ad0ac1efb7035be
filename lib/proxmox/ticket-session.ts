// Password login for endpoints without an API token: Proxmox tickets (POST /access/ticket),
// sent as the PVEAuthCookie cookie, with the CSRFPreventionToken on anything but GET.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { z } from 'zod';
import { classifyStatus, classifyTransportError, type RequestContext } from './http/classify';
import { decodeData, decodeEnvelope, errorBody } from './http/decode';
import { sendGet, TransportError } from './http/transport';
import { ProxmoxError } from './errors';
import type { AddressPolicy, Resolver } from '@/lib/net/ssrf-guard';

/**
 * Tickets expire two hours after issue; a new one is fetched once the current one is this old,
 * leaving half an hour for clock skew between Proxbox and the node and for queued requests.
 */
export const TICKET_RENEW_AFTER_MS = 90 * 60 * 1000;

/**
 * A refused login is remembered per process for this long (per address, user and password), so
 * that the dashboard's reachability checks and back-to-back syncs do not try a wrong password again
 * and again; a changed password is tried at once.
 */
export const REFUSED_LOGIN_MEMORY_MS = 5 * 60 * 1000;
const refused = new Map<string, { at: number; error: ProxmoxError }>();

/** Forgets remembered refusals (tests). */
export function forgetRefusedLogins(): void {
  refused.clear();
}

const ticketAnswer = z.object({ ticket: z.string().min(1), CSRFPreventionToken: z.string().min(1) }).loose();

export interface Ticket {
  cookie: string;
  csrf: string;
  issuedAt: number;
}

export interface TicketSessionOptions {
  /** Origin (and optional path prefix) of the endpoint: the password is sent only there. */
  baseUrl: URL;
  agent: http.Agent;
  username: string;
  password: string;
  timeoutMs: number;
  ctx: Omit<RequestContext, 'path'>;
  /** Epoch ms; tests inject one to reach the renewal age. */
  now: () => number;
  /** The SSRF policy the login's target must pass, like every other request of the client. */
  policy: AddressPolicy;
  resolver?: Resolver;
}

/**
 * One client's login state. Logins are single-flight (concurrent requests wait for the same one),
 * and after a failed login the session gives up for its lifetime — one sync run — returning the
 * same error without asking again: a wrong password costs one attempt per run, not one per request
 * (each failure makes pveproxy wait 3 s and log it, and fail2ban setups ban on repeats).
 */
export class TicketSession {
  #ticket: Ticket | null = null;
  #pending: Promise<Ticket> | null = null;
  #failure: ProxmoxError | null = null;
  #logins = 0;

  constructor(private readonly options: TicketSessionOptions) {}

  /** Login requests sent so far. */
  get logins(): number {
    return this.#logins;
  }

  /** Headers for a request: the ticket cookie, plus the CSRF token for writes. Logs in when needed. */
  async headers(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET',
  ): Promise<{ headers: Record<string, string>; ticket: Ticket }> {
    const ticket = await this.#current();
    const headers: Record<string, string> = { Cookie: `PVEAuthCookie=${encodeURIComponent(ticket.cookie)}` };
    if (method !== 'GET') headers.CSRFPreventionToken = ticket.csrf;
    return { headers, ticket };
  }

  /** A request with `ticket` got 401: drop it so that the next request logs in again. */
  reject(ticket: Ticket): void {
    if (this.#ticket === ticket) this.#ticket = null;
  }

  get #refusalKey(): string {
    const { baseUrl, username, password } = this.options;
    return `${baseUrl.origin}${baseUrl.pathname}|${username}|${createHash('sha256').update(password).digest('hex')}`;
  }

  #current(): Promise<Ticket> {
    if (this.#failure) return Promise.reject(this.#failure);
    const remembered = refused.get(this.#refusalKey);
    if (remembered && this.options.now() - remembered.at < REFUSED_LOGIN_MEMORY_MS) {
      this.#failure = remembered.error;
      return Promise.reject(remembered.error);
    }
    if (this.#ticket && this.options.now() - this.#ticket.issuedAt < TICKET_RENEW_AFTER_MS)
      return Promise.resolve(this.#ticket);
    if (!this.#pending) {
      this.#pending = this.#login().then(
        (ticket) => {
          this.#ticket = ticket;
          this.#pending = null;
          return ticket;
        },
        (error: unknown) => {
          this.#failure =
            error instanceof ProxmoxError
              ? error
              : new ProxmoxError({
                  category: 'internal',
                  status: null,
                  path: '/access/ticket',
                  message: String(error),
                  suggestion: 'See the server log for details.',
                });
          this.#pending = null;
          if (this.#failure.category === 'authentication')
            refused.set(this.#refusalKey, { at: this.options.now(), error: this.#failure });
          throw this.#failure;
        },
      );
    }
    return this.#pending;
  }

  async #login(): Promise<Ticket> {
    const { baseUrl, agent, username, password, timeoutMs, policy, resolver } = this.options;
    const path = '/access/ticket';
    const ctx: RequestContext = { ...this.options.ctx, path };
    const prefix = baseUrl.pathname.replace(/\/+$/, '');
    const url = new URL(`${prefix}/api2/json${path}`, baseUrl.origin);
    const issuedAt = this.options.now();
    this.#logins++;
    let response;
    try {
      response = await sendGet({
        url,
        agent,
        timeoutMs,
        policy,
        resolver,
        method: 'POST',
        body: new URLSearchParams({ username, password }).toString(),
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          'User-Agent': 'proxbox',
        },
      });
    } catch (error) {
      if (error instanceof TransportError) throw classifyTransportError(error, ctx).error;
      throw error;
    }
    if (response.status === 401) {
      throw new ProxmoxError({
        category: 'authentication',
        status: 401,
        path,
        message: `POST ${path}: Proxmox refused the login of ${username} (${response.statusMessage || 'authentication failure'})`,
        suggestion: `Check the user name (user@realm, e.g. root@pam) and the password of this endpoint, or give it an API token instead. Proxbox tries a refused password at most once per sync and once per 5 minutes; saving a new password tries it at once.`,
      });
    }
    if (response.status < 200 || response.status >= 300) throw classifyStatus(response, ctx, errorBody(response)).error;
    refused.delete(this.#refusalKey);
    const data = decodeData(decodeEnvelope(response, ctx).data, ticketAnswer, ctx);
    return { cookie: data.ticket, csrf: data.CSRFPreventionToken, issuedAt };
  }
}
