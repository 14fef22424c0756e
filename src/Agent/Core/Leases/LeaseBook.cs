using System.Reflection;

namespace Instr.Agent.Leases;

/// <summary>
/// Which live patch belongs to which lease. A method patched without a lease, or patched before a lease asked for it,
/// has no entry: a lease only ever unpatches what it patched itself. Callers hold the patch coordinator's lock.
/// </summary>
internal sealed class LeaseBook
{
    private readonly Dictionary<MethodBase, Lease> _owners = [];

    public void Take(Lease lease, IEnumerable<MethodBase> methods)
    {
        foreach (var method in methods)
        {
            _owners[method] = lease;
        }
    }

    /// <summary>Someone unpatched the method: whatever lease held it no longer does.</summary>
    public void Forget(MethodBase method) => _owners.Remove(method);

    /// <summary>The methods the lease still holds, removed from the book.</summary>
    public IReadOnlyList<MethodBase> End(Lease lease)
    {
        var held = _owners.Where(entry => ReferenceEquals(entry.Value, lease)).Select(entry => entry.Key).ToList();
        foreach (var method in held)
        {
            _owners.Remove(method);
        }

        return held;
    }

    public Lease? HolderOf(MethodBase method) => _owners.GetValueOrDefault(method);
}
