using Grpc.Core;
using Instr.Protocol.V1;

namespace Instr.Cli.Ui.Model;

/// <summary>One-line texts for the status line: what a patch/unpatch did, or why it failed.</summary>
internal static class ResultMessages
{
    // Binary trailer with the full PatchResponse when every match was refused (see instr.proto).
    private const string PatchResponseTrailer = Instr.Cli.Transport.RpcErrors.PatchResponseTrailer;

    public static string Patched(string pattern, PatchResponse response)
    {
        var parts = new List<string>();
        if (response.Patched.Count == 1)
        {
            var only = response.Patched[0];
            var partial = only.Coverage == Coverage.Partial;
            var shown = only.Notes.Where(n => !string.IsNullOrWhiteSpace(n) && !(partial && n == only.CoverageReason)).ToArray();
            var notes = shown.Length > 0 ? $" ({string.Join("; ", shown)})" : "";
            var coverage = partial ? $" — partial coverage: {only.CoverageReason}" : "";
            parts.Add($"patched {only.Name}{coverage}{notes}");
        }
        else
        {
            var partial = response.Patched.Count(p => p.Coverage == Coverage.Partial);
            parts.Add($"patched {response.Patched.Count} methods matching {pattern}{(partial > 0 ? $" ({partial} with partial coverage)" : "")}");
        }

        if (response.Skipped.Count > 0)
        {
            parts.Add(Skipped(response.Skipped));
        }

        return string.Join("; ", parts);
    }

    public static string Unpatched(UnpatchResponse response)
    {
        var parts = new List<string>();
        if (response.Unpatched.Count == 1)
        {
            var only = response.Unpatched[0];
            parts.Add($"unpatched {only.Name} after {only.Calls} calls");
        }
        else
        {
            parts.Add($"unpatched {response.Unpatched.Count} methods");
        }

        if (response.Skipped.Count > 0)
        {
            parts.Add(Skipped(response.Skipped));
        }

        return string.Join("; ", parts);
    }

    /// <summary>The status line for a failed call; <paramref name="action"/> is "patch" or "unpatch".</summary>
    public static string Failed(string action, string pattern, RpcException error)
    {
        var detail = string.IsNullOrWhiteSpace(error.Status.Detail) ? error.StatusCode.ToString() : error.Status.Detail;
        return error.StatusCode switch
        {
            StatusCode.InvalidArgument => $"bad pattern {Quote(pattern)}: {detail}",
            StatusCode.NotFound => action == "unpatch"
                ? $"no patched method matches {Quote(pattern)}"
                : $"no method matches {Quote(pattern)}",
            StatusCode.FailedPrecondition => RefusedFromTrailer(pattern, error) ?? $"refused: {detail}",
            StatusCode.Unimplemented => $"the agent does not support {action} yet",
            StatusCode.Unavailable => $"the agent is unreachable ({action} not done)",
            StatusCode.DeadlineExceeded => $"{action} timed out",
            _ => $"{action} failed: {detail}",
        };
    }

    /// <summary>The full PatchResponse the agent attaches when it refused every match, or null.</summary>
    public static PatchResponse? RefusedResponse(RpcException error)
    {
        var bytes = error.Trailers?.GetValueBytes(PatchResponseTrailer);
        if (bytes is null || bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return PatchResponse.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static string? RefusedFromTrailer(string pattern, RpcException error)
    {
        var response = RefusedResponse(error);
        return response is null || response.Skipped.Count == 0
            ? null
            : $"nothing patched for {Quote(pattern)}: {Skipped(response.Skipped)}";
    }

    private static string Skipped(IReadOnlyList<SkippedMethod> skipped)
    {
        var first = skipped[0];
        var more = skipped.Count > 1 ? $" (+{skipped.Count - 1} more)" : "";
        return $"refused {skipped.Count}: {ShortName(first.Name)} — {first.Reason}{more}";
    }

    private static string ShortName(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var dot = colon > 0 ? name.LastIndexOf('.', colon) : -1;
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    private static string Quote(string pattern) =>
        pattern.Length > 80 ? $"\"{pattern[..77]}...\"" : $"\"{pattern}\"";
}
