import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "@/components/trpc/client";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Threadline", template: "%s · Threadline" },
  description: "The digital thread of the plant: lines, traceability, changes and KPIs in one place.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page, the 404 page too, renders per request: its scripts carry that response's CSP nonce (docs/security.md).
  await connection();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
