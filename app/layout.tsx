import type { Metadata } from 'next';
import { connection } from 'next/server';
import Script from 'next/script';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Proxbox', template: '%s · Proxbox' },
  description: 'Proxmox VE inventory in a NetBox-shaped data model',
  icons: { icon: [{ url: '/icon.svg', type: 'image/svg+xml' }] },
};

// Runs before paint so a dark-mode user never sees a light flash: stored choice, else the OS.
const themeScript = `try{var t=localStorage.getItem('theme');var d=t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d)}catch(e){}`;

// Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts), which
// a page prerendered at build time could not.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    // The theme script changes <html>'s class before hydration.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen">
        <Script id="theme-init" strategy="beforeInteractive">
          {themeScript}
        </Script>
        {children}
      </body>
    </html>
  );
}
