// Any model, in JavaScript: the step is a call out of WebAssembly (glue.ts interns the states);
// spliced into search.ts by
// measure.ts: what comes before "// step:" goes to the top, the rest into the class.
@external("env", "modelStep")
declare function jsStep(state: i32, position: i32): i32;

// step:
  // @ts-ignore: decorator
  @inline modelStep(state: i32, p: i32): i32 {
    return jsStep(state, p);
  }
