// MAC addresses: NetBox accepts the usual notations and renders EUI-48 upper-case with colons.

/** `bc-24-11-aa-bb-cc`, `bc24.11aa.bbcc`, `BC:24:11:AA:BB:CC` → `BC:24:11:AA:BB:CC`; null when invalid. */
export function normalizeMac(input: string): string | null {
  const hex = input.trim().replace(/[:\-.]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return null;
  if (
    !/^([0-9a-fA-F]{2}([:-])){5}[0-9a-fA-F]{2}$|^[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}$|^[0-9a-fA-F]{12}$/.test(
      input.trim(),
    )
  )
    return null;
  return hex.toUpperCase().match(/../g)!.join(':');
}
