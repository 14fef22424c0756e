namespace Instr.IntegrationTests.EndToEnd.Inlining;

/// <summary>When the test patches, relative to the app's traffic.</summary>
internal enum PatchMoment
{
    /// <summary>Before the first request: nothing compiled the request path yet (the control case).</summary>
    BeforeFirstRequest,

    /// <summary>After warm-up: handlers, their callers and the run-time compiled delegates are compiled and hot.</summary>
    AfterWarmUp,
}

/// <summary>How the agent gets into the app.</summary>
internal enum AgentArrival
{
    /// <summary>DOTNET_STARTUP_HOOKS when the app starts.</summary>
    AtStartup,

    /// <summary>`instr attach PID` after warm-up, into an app started without the hook.</summary>
    Attach,
}
