// NullProfiler: the smallest CLR profiler the runtime really loads at startup, standing in for "another profiler
// already owns this process" (an APM agent, a coverage tool). The runtime allows one non-notification profiler per
// process, so with this one loaded instr cannot attach its own profiler and must use another route.
//
// Loaded with CORECLR_ENABLE_PROFILING=1, CORECLR_PROFILER={CLSID below}, CORECLR_PROFILER_PATH=<this .so>.
// Initialize writes one line to the file named by NULL_PROFILER_MARKER, so a test can prove the runtime loaded it.
// It asks for no events; every callback returns S_OK.
//
// Linux x64 COM ABI: an object is a pointer to a vtable of function pointers; methods use the normal C calling
// convention with `this` first; HRESULT is a 32-bit int, GUIDs have the Windows layout.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int32_t HRESULT;
typedef uint32_t ULONG;
typedef int32_t BOOL;

#define S_OK ((HRESULT)0)
#define E_NOINTERFACE ((HRESULT)0x80004002)
#define E_POINTER ((HRESULT)0x80004003)
#define CLASS_E_NOAGGREGATION ((HRESULT)0x80040110)
#define CLASS_E_CLASSNOTAVAILABLE ((HRESULT)0x80040111)

typedef struct
{
    uint32_t data1;
    uint16_t data2;
    uint16_t data3;
    uint8_t data4[8];
} GUID;

// {0B3F6C1E-7A52-4C8D-9E1F-5D2A7B4C8E61}: this profiler's CLSID (the test passes it as CORECLR_PROFILER).
static const GUID CLSID_NullProfiler = {0x0B3F6C1E, 0x7A52, 0x4C8D, {0x9E, 0x1F, 0x5D, 0x2A, 0x7B, 0x4C, 0x8E, 0x61}};

static const GUID IID_IUnknown = {0x00000000, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const GUID IID_IClassFactory = {0x00000001, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

// ICorProfilerCallback .. ICorProfilerCallback11: each extends the previous one, so one vtable serves all of them.
static const GUID IID_ICorProfilerCallbacks[] = {
    {0x176FBED1, 0xA55C, 0x4796, {0x98, 0xCA, 0xA9, 0xDA, 0x0E, 0xF8, 0x83, 0xE7}},
    {0x8A8CC829, 0xCCF2, 0x49FE, {0xBB, 0xAE, 0x0F, 0x02, 0x22, 0x28, 0x07, 0x1A}},
    {0x4FD2ED52, 0x7731, 0x4B8D, {0x94, 0x69, 0x03, 0xD2, 0xCC, 0x30, 0x86, 0xC5}},
    {0x7B63B2E3, 0x107D, 0x4D48, {0xB2, 0xF6, 0xF6, 0x1E, 0x22, 0x94, 0x70, 0xD2}},
    {0x8DFBA405, 0x8C9F, 0x45F8, {0xBF, 0xFA, 0x83, 0xB1, 0x4C, 0xEF, 0x78, 0xB5}},
    {0xFC13DF4B, 0x4448, 0x4F4F, {0x95, 0x0C, 0xBA, 0x8D, 0x19, 0xD0, 0x0C, 0x36}},
    {0xF76A2DBA, 0x1D52, 0x4539, {0x86, 0x6C, 0x2A, 0xA5, 0x18, 0xF9, 0xEF, 0xC3}},
    {0x5BED9B15, 0xC079, 0x4D47, {0xBF, 0xE2, 0x21, 0x5A, 0x14, 0x0C, 0x07, 0xE0}},
    {0x27583EC3, 0xC8F5, 0x482F, {0x80, 0x52, 0x19, 0x4B, 0x8C, 0xE4, 0x70, 0x5A}},
    {0xCEC5B60E, 0xC69C, 0x495F, {0x87, 0xF6, 0x84, 0xD2, 0x8E, 0xE1, 0x6F, 0xFB}},
    {0x42350846, 0xAAED, 0x47F7, {0xB1, 0x28, 0xFD, 0x0C, 0x98, 0x88, 0x1C, 0xDE}},
};

// IUnknown (3) + ICorProfilerCallback (69) + 2 (8) + 3 (3) + 4 (6) + 5..7 (1 each) + 8 (2) + 9 (1) + 10 (2) + 11 (1).
#define CALLBACK_SLOTS 98
#define SLOT_INITIALIZE 3
#define SLOT_SHUTDOWN 4
#define SLOT_LOAD_AS_NOTIFICATION_ONLY 97

typedef struct
{
    void *const *vtable;
} ComObject;

static int same_guid(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof(GUID)) == 0;
}

// Both objects are static singletons: reference counting has nothing to free.
static ULONG add_ref(ComObject *self)
{
    (void)self;
    return 2;
}

static ULONG release(ComObject *self)
{
    (void)self;
    return 1;
}

// The callbacks this profiler does not care about. Called with whatever arguments the slot has: on x64 the caller
// owns the argument registers and stack, so ignoring them is safe.
static HRESULT callback_ok(void)
{
    return S_OK;
}

static void write_marker(const char *event)
{
    const char *path = getenv("NULL_PROFILER_MARKER");
    if (path == NULL || path[0] == '\0')
    {
        return;
    }

    FILE *file = fopen(path, "a");
    if (file != NULL)
    {
        fprintf(file, "%s pid=%d\n", event, (int)getpid());
        fclose(file);
    }
}

static HRESULT initialize(ComObject *self, void *profiler_info)
{
    (void)self;
    (void)profiler_info;
    write_marker("initialized");
    return S_OK;
}

static HRESULT shutdown_callback(ComObject *self)
{
    (void)self;
    write_marker("shutdown");
    return S_OK;
}

// The runtime asks this before Initialize; FALSE = a full profiler, the kind that keeps any other one out.
static HRESULT load_as_notification_only(ComObject *self, BOOL *notification_only)
{
    (void)self;
    if (notification_only == NULL)
    {
        return E_POINTER;
    }

    *notification_only = 0;
    return S_OK;
}

static HRESULT callback_query_interface(ComObject *self, const GUID *iid, void **out);

static void *callback_vtable[CALLBACK_SLOTS];
static ComObject callback_object = {(void *const *)callback_vtable};

static HRESULT callback_query_interface(ComObject *self, const GUID *iid, void **out)
{
    if (out == NULL)
    {
        return E_POINTER;
    }

    int known = same_guid(iid, &IID_IUnknown);
    for (size_t i = 0; !known && i < sizeof IID_ICorProfilerCallbacks / sizeof IID_ICorProfilerCallbacks[0]; i++)
    {
        known = same_guid(iid, &IID_ICorProfilerCallbacks[i]);
    }

    *out = known ? self : NULL;
    return known ? S_OK : E_NOINTERFACE;
}

// Filled once when the library is loaded: every slot answers S_OK unless it is one of the real ones.
__attribute__((constructor)) static void fill_callback_vtable(void)
{
    for (int i = 0; i < CALLBACK_SLOTS; i++)
    {
        callback_vtable[i] = (void *)callback_ok;
    }

    callback_vtable[0] = (void *)callback_query_interface;
    callback_vtable[1] = (void *)add_ref;
    callback_vtable[2] = (void *)release;
    callback_vtable[SLOT_INITIALIZE] = (void *)initialize;
    callback_vtable[SLOT_SHUTDOWN] = (void *)shutdown_callback;
    callback_vtable[SLOT_LOAD_AS_NOTIFICATION_ONLY] = (void *)load_as_notification_only;
}

static HRESULT factory_query_interface(ComObject *self, const GUID *iid, void **out)
{
    if (out == NULL)
    {
        return E_POINTER;
    }

    int known = same_guid(iid, &IID_IUnknown) || same_guid(iid, &IID_IClassFactory);
    *out = known ? self : NULL;
    return known ? S_OK : E_NOINTERFACE;
}

static HRESULT factory_create_instance(ComObject *self, void *outer, const GUID *iid, void **out)
{
    (void)self;
    if (outer != NULL)
    {
        return CLASS_E_NOAGGREGATION;
    }

    return callback_query_interface(&callback_object, iid, out);
}

static HRESULT factory_lock_server(ComObject *self, BOOL lock)
{
    (void)self;
    (void)lock;
    return S_OK;
}

static void *const factory_vtable[] = {
    (void *)factory_query_interface,
    (void *)add_ref,
    (void *)release,
    (void *)factory_create_instance,
    (void *)factory_lock_server,
};
static ComObject factory_object = {factory_vtable};

__attribute__((visibility("default"))) HRESULT DllGetClassObject(const GUID *clsid, const GUID *iid, void **out)
{
    if (out == NULL)
    {
        return E_POINTER;
    }

    *out = NULL;
    if (!same_guid(clsid, &CLSID_NullProfiler))
    {
        return CLASS_E_CLASSNOTAVAILABLE;
    }

    return factory_query_interface(&factory_object, iid, out);
}
