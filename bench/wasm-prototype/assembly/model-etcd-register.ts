// The etcd register's step (src/checkers/linearizability/models/etcd-register.ts) on value ids,
// 0 meaning absent; spliced into search.ts by
// measure.ts: what comes before "// step:" goes to the top, the rest into the class.

// step:
  // @ts-ignore: decorator
  @inline modelStep(state: i32, p: i32): i32 {
    const kind = ld(this.kindAt, p);
    const known = ld(this.knownAt, p);
    if (kind == 0) return known == 0 || ld(this.outAt, p) == state ? state : -1;
    if (kind == 1) return ld(this.aAt, p);
    const matches = state != 0 && state == ld(this.aAt, p);
    if (known != 0 && (ld(this.outAt, p) == 1) != matches) return -1;
    return matches ? ld(this.bAt, p) : state;
  }
