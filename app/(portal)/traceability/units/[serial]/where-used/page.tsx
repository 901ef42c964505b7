import type { Metadata } from "next";

import { WhereUsedPage } from "@/components/traceability/where-used-page";
import { routeParam } from "@/server/traceability/route-params";

type Params = { params: Promise<{ serial: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `${routeParam((await params).serial)} · Where used` };
}

export default async function ComponentWhereUsedPage({ params }: Params) {
  return <WhereUsedPage origin={{ serial: routeParam((await params).serial) }} />;
}
