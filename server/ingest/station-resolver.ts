import type { SqlClient } from "@/db";

import type { EquipmentPath, StationRef } from "./records";

const REFRESH_EVERY_MS = 2000;

/**
 * Topic paths and Sparkplug ids → station ids, from the equipment tables.
 * Everything is cached (a plant has hundreds of stations, not millions);
 * a miss reloads at most every two seconds so a flood from an unknown
 * station cannot hammer the database.
 */
export class StationResolver {
  private byPath = new Map<string, number>();
  private byDevice = new Map<string, number>();
  private byNode = new Map<string, number[]>();
  private metricIds = new Map<string, number>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  /** `client` is a getter: the worker replaces its connection pool after a connection loss. */
  constructor(
    private readonly client: () => SqlClient,
    private readonly options: { autoRegister: boolean },
  ) {}

  private get sql() {
    return this.client();
  }

  async load() {
    const [stations, mappings, metrics] = await Promise.all([
      this.sql<{ id: number; key: string }[]>`
        select s.id, si.enterprise || '/' || si.code || '/' || a.code || '/' || l.code || '/' || s.code as key
        from stations s join lines l on l.id = s.line_id join areas a on a.id = l.area_id join sites si on si.id = a.site_id`,
      this.sql<{ groupId: string; edgeNodeId: string; deviceId: string; stationId: number }[]>`
        select group_id as "groupId", edge_node_id as "edgeNodeId", device_id as "deviceId", station_id as "stationId" from sparkplug_mappings`,
      this.sql<{ id: number; name: string }[]>`select id, name from telemetry_metrics`,
    ]);
    this.byPath = new Map(stations.map((s) => [s.key, s.id]));
    this.byDevice = new Map();
    this.byNode = new Map();
    for (const m of mappings) {
      this.byDevice.set(`${m.groupId}/${m.edgeNodeId}/${m.deviceId}`, m.stationId);
      const node = `${m.groupId}/${m.edgeNodeId}`;
      this.byNode.set(node, [...(this.byNode.get(node) ?? []), m.stationId]);
    }
    for (const m of metrics) this.metricIds.set(m.name, m.id);
    this.loadedAt = Date.now();
  }

  /** Station ids for a reference, or null when none is known (and auto-registration is off or impossible). */
  async resolve(ref: StationRef): Promise<number[] | null> {
    const hit = this.lookup(ref);
    if (hit) return hit;
    if (Date.now() - this.loadedAt >= REFRESH_EVERY_MS) {
      this.loading ??= this.load().finally(() => (this.loading = null));
      await this.loading;
      const again = this.lookup(ref);
      if (again) return again;
    }
    if (ref.type === "path" && this.options.autoRegister) {
      const id = await this.register(ref.path);
      this.byPath.set(ref.key, id);
      return [id];
    }
    return null;
  }

  /** The cached answer only: no await on the hot path. */
  lookup(ref: StationRef): number[] | null {
    if (ref.type === "path") {
      const id = this.byPath.get(ref.key);
      return id === undefined ? null : [id];
    }
    if (ref.device === null) {
      const ids = this.byNode.get(`${ref.group}/${ref.edge}`);
      return ids ?? null;
    }
    const id = this.byDevice.get(`${ref.group}/${ref.edge}/${ref.device}`);
    return id === undefined ? null : [id];
  }

  /** Creates whatever part of site → area → line → station is missing; codes double as names until someone edits them. */
  private async register(path: EquipmentPath): Promise<number> {
    return this.sql.begin(async (tx) => {
      const [site] = await tx<{ id: number }[]>`
        insert into sites (enterprise, code, name) values (${path.enterprise}, ${path.site}, ${path.site})
        on conflict (enterprise, code) do update set code = excluded.code returning id`;
      const [area] = await tx<{ id: number }[]>`
        insert into areas (site_id, code, name) values (${site?.id ?? 0}, ${path.area}, ${path.area})
        on conflict (site_id, code) do update set code = excluded.code returning id`;
      const [line] = await tx<{ id: number }[]>`
        insert into lines (area_id, code, name) values (${area?.id ?? 0}, ${path.line}, ${path.line})
        on conflict (area_id, code) do update set code = excluded.code returning id`;
      const [station] = await tx<{ id: number }[]>`
        insert into stations (line_id, code, name, position, ideal_cycle_seconds)
        values (${line?.id ?? 0}, ${path.station}, ${path.station}, (select coalesce(max(position), 0) + 1 from stations where line_id = ${line?.id ?? 0}), 60)
        on conflict (line_id, code) do update set code = excluded.code returning id`;
      if (!station) throw new Error(`could not register station ${path.station}`);
      return station.id;
    });
  }

  /** Metric names are a catalogue: new names are added on first sight. */
  async metricIdsFor(names: Iterable<string>): Promise<Map<string, number>> {
    const missing = [...new Set(names)].filter((n) => !this.metricIds.has(n));
    if (missing.length) {
      await this.sql`insert into telemetry_metrics (name) select unnest(${this.sql.array(missing)}::text[]) on conflict (name) do nothing`;
      const rows = await this.sql<{ id: number; name: string }[]>`select id, name from telemetry_metrics where name = any(${this.sql.array(missing)}::text[])`;
      for (const r of rows) this.metricIds.set(r.name, r.id);
    }
    return this.metricIds;
  }
}
