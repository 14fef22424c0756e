// Entry point named by DOTNET_STARTUP_HOOKS. Global namespace, internal, static Initialize: the runtime's rules.
// Not implemented yet: the walking-skeleton issue builds the loader.
internal static class StartupHook
{
    public static void Initialize()
    {
    }
}
