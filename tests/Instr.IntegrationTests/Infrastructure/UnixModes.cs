namespace Instr.IntegrationTests.Infrastructure;

/// <summary>Permission bits as the octal strings people read ("700", "600").</summary>
public static class UnixModes
{
    public static string Of(string path) =>
        Convert.ToString((int)File.GetUnixFileMode(path) & 0x1FF, 8).PadLeft(3, '0');
}
