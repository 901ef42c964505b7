import type { Metadata } from "next";

import { WhereUsedPage } from "@/components/traceability/where-used-page";
import { routeParam } from "@/server/traceability/route-params";

type Params = { params: Promise<{ lotNumber: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `${routeParam((await params).lotNumber)} · Where used` };
}

export default async function LotWhereUsedPage({ params }: Params) {
  return <WhereUsedPage origin={{ lotNumber: routeParam((await params).lotNumber) }} />;
}
