import superjson from "superjson";

type Serialized = ReturnType<typeof superjson.serialize>;

const serialized = new WeakMap<object, Serialized>();

/**
 * superjson that serializes an object once however often it is sent: the
 * realtime hub hands the same overview object to every screen that asks
 * within a second, and the same change event to every SSE subscriber.
 * Serializing was a fifth of an overview request's CPU time. Relies on
 * procedures never mutating a value after returning it.
 */
export const transformer = {
  serialize(value: unknown): Serialized {
    if (typeof value !== "object" || value === null) return superjson.serialize(value);
    let result = serialized.get(value);
    if (!result) serialized.set(value, (result = superjson.serialize(value)));
    return result;
  },
  deserialize: superjson.deserialize,
};
