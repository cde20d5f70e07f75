/**
 * The world file's rules for the record sets of one hosted zone: one record set per name and type,
 * and a CNAME alone at its name.
 */

/** Where a record set was first listed, by record index; the problems found with a new one. */
export class ZoneRecordSets {
  /** The index of the first record at each name. */
  private readonly firstAt = new Map<string, number>();
  /** For a name with more than one record (rare): the index of the first record of each type. */
  private readonly typesAt = new Map<string, Map<string, number>>();
  /**
   * Record sets whose name or type has a space, keyed `${name} ${type}` as the rule has always
   * been worded: such keys never equal one of a name and type without spaces (that has exactly one
   * space), so only these need the joined string, which costs a string per record.
   */
  private readonly spaced = new Map<string, number>();

  /** `typeAt(index)`: the type of a record already added. */
  constructor(private readonly typeAt: (index: number) => string) {}

  /**
   * Adds record `index` (`fqdn`: its decoded name). Returns the index of an earlier record set of
   * the same name and type (a duplicate), and whether the name now has a CNAME beside another type.
   */
  add(fqdn: string, type: string, index: number): { readonly duplicateOf: number | undefined; readonly cnameShared: boolean } {
    const first = this.firstAt.get(fqdn);
    let types = this.typesAt.get(fqdn);
    if (first !== undefined && types === undefined) this.typesAt.set(fqdn, (types = new Map([[this.typeAt(first), first]])));
    let duplicateOf: number | undefined;
    if (fqdn.includes(' ') || type.includes(' ')) {
      const key = `${fqdn} ${type}`;
      duplicateOf = this.spaced.get(key);
      if (duplicateOf === undefined) this.spaced.set(key, index);
    } else {
      duplicateOf = types?.get(type);
    }
    if (first === undefined) this.firstAt.set(fqdn, index);
    else if (!types!.has(type)) types!.set(type, index);
    // One type at the name: no CNAME can share it.
    const cnameShared = types !== undefined && types.size > 1 && types.has('CNAME');
    return { duplicateOf, cnameShared };
  }
}
