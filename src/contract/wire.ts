/**
 * `Declared<T>`: the fields a wire type declares. Response schemas are loose objects (a newer
 * server may add fields), so their inferred types carry an index signature; the typed client
 * shows its users the declared fields only, at every depth. A record (no declared field, e.g.
 * `provider_options`) keeps its index signature.
 *
 * @example
 * type Generation = Declared<z.infer<typeof generationResourceSchema>>;
 */
type KnownKeys<T> = keyof { [Key in keyof T as string extends Key ? never : Key]: 0 };

export type Declared<T> = T extends readonly (infer Item)[]
  ? Declared<Item>[]
  : T extends object
    ? [KnownKeys<T>] extends [never]
      ? { [Key in keyof T]: Declared<T[Key]> }
      : { [Key in keyof T as string extends Key ? never : Key]: Declared<T[Key]> }
    : T;
