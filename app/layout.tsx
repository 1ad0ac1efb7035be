import type { Metadata } from 'next';
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

export default function RootLayout({ children }: { children: ReactNode }) {
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
