#pragma warning disable CA1822 // Resolution targets.
namespace ResolverTargets.Other;

/// <summary>A second namespace, for namespace globs.</summary>
public class Gadget
{
    public void Spin()
    {
    }
}
