#if !NET9_0_OR_GREATER
namespace System.Threading;

/// <summary>
/// The .NET 8 build's stand-in for System.Threading.Lock (.NET 9+), so one source serves every runtime build: the
/// compiler turns <c>lock (x)</c> on this type into <see cref="EnterScope"/>, here a plain monitor.
/// </summary>
internal sealed class Lock
{
    // A separate monitor object: the compiler warns when a Lock itself is used as a monitor.
    private readonly object _monitor = new();

    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    public readonly ref struct Scope
    {
        private readonly object _monitor;

        internal Scope(object monitor) => _monitor = monitor;

        public void Dispose() => Monitor.Exit(_monitor);
    }
}
#endif
