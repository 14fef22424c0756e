using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Instr.Cli.Hosting;

/// <summary>
/// Verifies, without loading it, that a file is an assembly with a global-namespace `StartupHook.Initialize`:
/// the runtime aborts the target (SIGABRT) when an attached hook is missing or malformed, so we check first.
/// </summary>
internal static class StartupHookCheck
{
    public static string? Problem(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return $"{path} is not a .NET assembly";
            }

            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if (reader.GetString(type.Namespace).Length == 0 && reader.GetString(type.Name) == "StartupHook"
                    && type.GetMethods().Any(m => reader.GetString(reader.GetMethodDefinition(m).Name) == "Initialize"))
                {
                    return null;
                }
            }

            return $"{path} has no StartupHook.Initialize";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return $"{path} cannot be read as an assembly: {ex.Message}";
        }
    }
}
