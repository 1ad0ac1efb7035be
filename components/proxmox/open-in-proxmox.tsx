/** "Open in Proxmox": the object's page in the Proxmox web UI, in a new tab. */
export function OpenInProxmox({ href }: { href: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="btn"
      title="Opens the Proxmox VE web interface in a new tab"
    >
      Open in Proxmox <span aria-hidden="true">↗</span>
    </a>
  );
}
