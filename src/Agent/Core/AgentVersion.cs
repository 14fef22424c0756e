namespace Instr.Agent;

internal static class AgentVersion
{
    public static string Current => typeof(AgentVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
