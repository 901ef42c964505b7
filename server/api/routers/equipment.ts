import { z } from "zod";

import { createEquipment, createEquipmentInput, deleteEquipment, equipmentRefInput, getEquipment, listLiveStations, moveEquipment, moveEquipmentInput, restoreEquipment, retireEquipment, updateEquipment, updateEquipmentInput } from "@/server/equipment/equipment";
import { listSparkplugMappings, listUnmappedSparkplugNodes, removeSparkplugMapping, removeSparkplugMappingInput, saveSparkplugMapping, saveSparkplugMappingInput } from "@/server/equipment/sparkplug-mappings";
import { getShiftCalendar, saveShiftCalendar, shiftCalendarInput } from "@/server/equipment/shift-calendars";
import { acceptStation, acceptStationInput, listStationsToReview, mergeStation, mergeStationInput } from "@/server/equipment/station-review";
import { recordId } from "@/server/input";

import { createTRPCRouter, permittedProcedure } from "../trpc";

const admin = permittedProcedure("administer");

/** Sites, areas, lines and stations, Sparkplug mappings and the review of auto-registered stations (docs/equipment.md). */
export const equipmentRouter = createTRPCRouter({
  tree: admin.query(({ ctx }) => getEquipment(ctx.db)),
  liveStations: admin.query(({ ctx }) => listLiveStations(ctx.db)),
  create: admin.input(createEquipmentInput).mutation(({ ctx, input }) => createEquipment(ctx.db, ctx.user, input)),
  update: admin.input(updateEquipmentInput).mutation(({ ctx, input }) => updateEquipment(ctx.db, ctx.user, input)),
  move: admin.input(moveEquipmentInput).mutation(({ ctx, input }) => moveEquipment(ctx.db, ctx.user, input)),
  retire: admin.input(equipmentRefInput).mutation(({ ctx, input }) => retireEquipment(ctx.db, ctx.user, input)),
  restore: admin.input(equipmentRefInput).mutation(({ ctx, input }) => restoreEquipment(ctx.db, ctx.user, input)),
  delete: admin.input(equipmentRefInput).mutation(({ ctx, input }) => deleteEquipment(ctx.db, ctx.user, input)),
  shiftCalendar: admin.input(z.object({ lineId: recordId })).query(({ ctx, input }) => getShiftCalendar(ctx.db, input.lineId)),
  saveShiftCalendar: admin.input(shiftCalendarInput).mutation(({ ctx, input }) => saveShiftCalendar(ctx.db, ctx.user, input)),
  sparkplugMappings: admin.query(({ ctx }) => listSparkplugMappings(ctx.db)),
  unmappedSparkplugNodes: admin.query(({ ctx }) => listUnmappedSparkplugNodes(ctx.db)),
  saveSparkplugMapping: admin.input(saveSparkplugMappingInput).mutation(({ ctx, input }) => saveSparkplugMapping(ctx.db, ctx.user, input)),
  removeSparkplugMapping: admin.input(removeSparkplugMappingInput).mutation(({ ctx, input }) => removeSparkplugMapping(ctx.db, ctx.user, input)),
  stationsToReview: admin.query(({ ctx }) => listStationsToReview(ctx.db)),
  acceptStation: admin.input(acceptStationInput).mutation(({ ctx, input }) => acceptStation(ctx.db, ctx.user, input)),
  mergeStation: admin.input(mergeStationInput).mutation(({ ctx, input }) => mergeStation(ctx.db, ctx.user, input)),
});
