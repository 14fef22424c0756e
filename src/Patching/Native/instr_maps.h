// instr_maps: the protection of any address from one parse of /proc/self/maps (see instr_maps.c).
#pragma once
#include <stdint.h>

// The PROT_* bits of the mapping that holds addr, or -1 when no mapping holds it (or the file cannot be read).
// A parse younger than recent_ns may answer for an executable mapping; any other answer comes from a fresh parse.
// Thread-safe (one lock around the parse).
__attribute__((visibility("hidden"))) int maps_protection(uintptr_t addr, uint64_t recent_ns);

// How many times /proc/self/maps has been parsed (tests: a batch of lookups costs one parse).
__attribute__((visibility("hidden"))) uint64_t maps_parse_count(void);
