"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/field";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

type Outputs = RouterOutputs["equipment"];

function ReviewRow({ station, targets }: { station: Outputs["stationsToReview"][number]; targets: Outputs["liveStations"] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [code, setCode] = useState(station.code);
  const [name, setName] = useState(station.name);
  const [targetId, setTargetId] = useState("");
  const accept = useMutation(trpc.equipment.acceptStation.mutationOptions({ onSuccess: () => router.refresh() }));
  const merge = useMutation(trpc.equipment.mergeStation.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = (accept.error ?? merge.error)?.message;
  return (
    <TableRow>
      <TableCell>
        <span className="font-mono text-xs">{station.topic}</span>
        {error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {error}
          </p>
        )}
      </TableCell>
      <TableCell align="right">{station.steps}</TableCell>
      <TableCell>
        <div className="flex items-center gap-1">
          <Input size="sm" aria-label={`Code for ${station.topic}`} className="w-28 font-mono" value={code} onChange={(e) => setCode(e.target.value)} />
          <Input size="sm" aria-label={`Name for ${station.topic}`} className="w-40" value={name} onChange={(e) => setName(e.target.value)} />
          <Button size="xs" variant="success" disabled={accept.isPending} onClick={() => accept.mutate({ id: station.id, code, name })}>
            Accept
          </Button>
        </div>
      </TableCell>
      <TableCell>
        <div className="flex items-center gap-1">
          <Select size="sm" aria-label={`Merge ${station.topic} into`} className="w-56" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
            <option value="">Merge into…</option>
            {targets
              .filter((t) => t.id !== station.id)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.path}
                </option>
              ))}
          </Select>
          <Button size="xs" variant="secondary" disabled={!targetId || merge.isPending} onClick={() => merge.mutate({ id: station.id, targetId: Number(targetId) })}>
            Merge
          </Button>
        </div>
      </TableCell>
    </TableRow>
  );
}

/** Stations the ingest worker created from unknown topics (INGEST_AUTO_REGISTER): keep them, or fold their history into the station they really are. */
export function StationReview({ stations, targets }: { stations: Outputs["stationsToReview"]; targets: Outputs["liveStations"] }) {
  return (
    <Card title="Auto-registered stations to review" description="Accept keeps the station (a new code changes the topic it is matched by); merge moves all its history to an existing station and retires it." isFlush>
      {stations.length === 0 ? (
        <EmptyState title="Nothing to review">Stations the worker registers from unknown topics appear here.</EmptyState>
      ) : (
        <Table caption="Auto-registered stations">
          <TableHeader columns={["Topic", { label: "Steps", align: "right" }, "Accept as", "Or merge"]} />
          <TableBody>
            {stations.map((s) => (
              <ReviewRow key={s.id} station={s} targets={targets} />
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
