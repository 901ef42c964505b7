import type { Metadata } from "next";

import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Changes" };

export default async function ChangesPage() {
  const ecrs = await (await caller()).changes.ecrs();
  return (
    <>
      <PageHeader title="Changes" description="Engineering change requests and orders." />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
            <tr>
              <th className="px-3 py-2">Number</th>
              <th className="px-3 py-2">Title</th>
              <th className="px-3 py-2">Reason</th>
              <th className="px-3 py-2">Priority</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Requester</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ecrs.map((e) => (
              <tr key={e.id}>
                <td className="px-3 py-2 font-mono">{e.number}</td>
                <td className="px-3 py-2">{e.title}</td>
                <td className="px-3 py-2">{e.reason}</td>
                <td className="px-3 py-2">{e.priority}</td>
                <td className="px-3 py-2">{e.status.replace("_", " ")}</td>
                <td className="px-3 py-2">{e.requester}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
