using Instr.Protocol.V1;

namespace Instr.Cli.Ui.Model;

/// <summary>
/// Everything the dashboard shows, without any Terminal.Gui type: the method rows (merged from ListMethods, patch and
/// unpatch results and Watch snapshots), the filter, the ordering (patched rows first) and the status line.
/// Not thread-safe: the UI thread owns it (background threads hand their results over with app.Invoke).
/// </summary>
internal sealed class DashboardModel
{
    private readonly Dictionary<string, MethodRow> _rows = new(StringComparer.Ordinal);
    private readonly HashSet<MethodRow> _patched = [];
    private RowFilter _filter = new(null);

    // Every row in display order apart from "patched first" (see VisibleRows). Sorting 100,000 names takes far longer
    // than a key may, so it is sorted only when a row is added or starts being counted by the app, not when a count,
    // the filter or a patch state changes.
    private List<MethodRow> _ordered = [];
    private bool _orderIsStale = true;
    private List<MethodRow> _visible = [];
    private bool _visibleIsStale = true;

    public DashboardModel(int pid, string processName, string? appMeter = null)
    {
        Pid = pid;
        ProcessName = processName;
        AppMeter = string.IsNullOrWhiteSpace(appMeter) ? null : appMeter;
    }

    /// <summary>The app Meter whose method-tagged measurements fill the app's own calls column; null: no such column.</summary>
    public string? AppMeter { get; }

    public int Pid { get; }

    public string ProcessName { get; }

    public string Title => $"instr — {ProcessName} (pid {Pid})";

    /// <summary>Last thing that happened (patch result, error, app exit) — shown on the status line.</summary>
    public string LastMessage { get; set; } = "";

    /// <summary>Set when the target app went away: no more counts will come.</summary>
    public bool AppGone { get; private set; }

    public int RowCount => _rows.Count;

    public int PatchedCount => _patched.Count;

    /// <summary>Whether any row has timing numbers: the table then shows its timing columns (for the rest of the session).</summary>
    public bool AnyTimed { get; private set; }

    public string FilterText => _filter.Text;

    public void SetFilter(string? text)
    {
        var filter = new RowFilter(text);
        if (!_visibleIsStale && filter.Narrows(_filter))
        {
            // Typing on narrows the rows: pick from those shown (same order) instead of all of them again.
            _visible = _visible.Where(r => filter.Matches(r.Name)).ToList();
        }
        else
        {
            _visibleIsStale = true;
        }

        _filter = filter;
    }

    /// <summary>
    /// Rows passing the filter: patched rows first, then those the app counts itself (the app Meter's methods),
    /// compiler-generated names (closures, records' helpers) last, then by name.
    /// </summary>
    public IReadOnlyList<MethodRow> VisibleRows
    {
        get
        {
            if (_visibleIsStale)
            {
                if (_orderIsStale)
                {
                    _ordered = _rows.Values
                        .OrderByDescending(r => r.AppCalls is not null)
                        .ThenBy(r => IsCompilerGenerated(r.Name))
                        .ThenBy(r => r.Name, StringComparer.Ordinal)
                        .ToList();
                    _orderIsStale = false;
                }

                // Patched first, each part in the shared order: one pass over the rows, no sort.
                var visible = new List<MethodRow>();
                if (_patched.Count > 0)
                {
                    visible.AddRange(_ordered.Where(r => r.Patched && _filter.Matches(r.Name)));
                }

                visible.AddRange(_ordered.Where(r => !r.Patched && _filter.Matches(r.Name)));
                _visible = visible;
                _visibleIsStale = false;
            }

            return _visible;
        }
    }

    public MethodRow? Find(string name) => _rows.GetValueOrDefault(name);

    public int IndexOfVisible(string name)
    {
        var rows = VisibleRows;
        for (var i = 0; i < rows.Count; i++)
        {
            if (string.Equals(rows[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Adds the methods ListMethods returned; rows already known keep their live state.</summary>
    public void LoadMethods(IEnumerable<MethodEntry> methods)
    {
        foreach (var method in methods)
        {
            var row = GetOrAdd(method.Name, method.Assembly);
            row.Assembly = method.Assembly;
            if (method.Patched)
            {
                SetPatched(row, true);
                row.Unpatched = false;
                row.Calls = Math.Max(row.Calls, method.Calls);
            }
        }

        _visibleIsStale = true;
    }

    /// <summary>
    /// Merges one Watch snapshot: counts, rates and warnings of patched methods. Returns false when it changed
    /// nothing (no patched method anywhere), so the screen need not be redrawn.
    /// </summary>
    public bool ApplySnapshot(WatchSnapshot snapshot)
    {
        var changed = snapshot.Methods.Count > 0 | ApplyAppCounts(snapshot.Meters);
        var inSnapshot = new HashSet<string>(StringComparer.Ordinal);
        foreach (var counter in snapshot.Methods)
        {
            var row = GetOrAdd(counter.Name, "");
            if (snapshot.TimeUnixMs < row.LastLocalChangeUnixMs)
            {
                inSnapshot.Add(counter.Name);
                continue; // taken before our own patch/unpatch: it describes the old state
            }

            if (counter.State == PatchState.Unpatched)
            {
                row.Calls = Math.Max(row.Calls, counter.Calls);

                continue; // the loop below marks it unpatched
            }

            inSnapshot.Add(counter.Name);

            SetPatched(row, true);
            row.Unpatched = false;
            row.RefusedReason = null;
            row.Calls = counter.Calls;
            // Smoothed over a few seconds; the agent's per-interval rate until enough readings exist.
            row.Rate = row.RateHistory.Add(snapshot.TimeUnixMs, counter.Calls) ?? counter.Rate;
            row.Coverage = counter.Coverage;
            row.CoverageReason = counter.CoverageReason;
            row.Timing = counter.Probe == ProbeKind.Timing
                ? new MethodTiming(counter.P50Us, counter.P99Us, counter.MaxUs, counter.Exceptions,
                    counter.WindowP50Us, counter.WindowP99Us, counter.WindowMaxUs, counter.WindowExceptions)
                : null;
            AnyTimed |= row.Timing is not null;
            if (counter.Notes.Count > 0)
            {
                row.Notes = counter.Notes.ToArray();
            }
        }

        foreach (var row in _patched.ToArray())
        {
            // Unpatched elsewhere (e.g. `instr unpatch` from another terminal), not by a snapshot that raced us.
            if (!inSnapshot.Contains(row.Name) && snapshot.TimeUnixMs >= row.LastLocalChangeUnixMs)
            {
                SetPatched(row, false);
                row.Unpatched = true;
                row.Rate = null;
                row.RateHistory.Reset();
                changed = true;
            }
        }

        // Counts changed (the table reads them from the rows); the visible list only when a patch state did.
        return changed;
    }

    /// <summary>
    /// The app's own counts: for each measurement of <see cref="AppMeter"/> tagged with a method name, that row's
    /// app column (one instrument per meter is expected; with several, the first by name wins, as the agent sorts
    /// them). A method the app counts but the method list lacks gets a row of its own.
    /// </summary>
    private bool ApplyAppCounts(IEnumerable<MeterValue> meters)
    {
        if (AppMeter is null)
        {
            return false;
        }

        var changed = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in meters)
        {
            if (value.Meter != AppMeter || !value.Tags.TryGetValue("method", out var name) || string.IsNullOrEmpty(name) || !seen.Add(name))
            {
                continue;
            }

            var row = GetOrAdd(name, "");
            if (row.AppCalls is null)
            {
                _orderIsStale = _visibleIsStale = true; // rows the app counts come first
            }

            changed |= row.AppCalls != value.Value;
            row.AppCalls = value.Value;
        }

        return changed;
    }

    public void ApplyPatchResponse(PatchResponse response, long nowUnixMs)
    {
        if (response.DryRun)
        {
            return;
        }

        foreach (var patched in response.Patched)
        {
            var row = GetOrAdd(patched.Name, "");
            if (!row.Patched)
            {
                row.Calls = 0; // counting starts at the patch
                row.Rate = null;
                row.RateHistory.Reset();
            }

            SetPatched(row, true);
            row.Unpatched = false;
            row.RefusedReason = null;
            row.Notes = patched.Notes.ToArray();
            row.Coverage = patched.Coverage;
            row.CoverageReason = patched.CoverageReason;
            row.LastLocalChangeUnixMs = nowUnixMs;
        }

        foreach (var skipped in response.Skipped)
        {
            var row = _rows.GetValueOrDefault(skipped.Name);
            if (row is not null && !row.Patched)
            {
                row.RefusedReason = skipped.Reason;
            }
        }

        _visibleIsStale = true;
    }

    public void ApplyUnpatchResponse(UnpatchResponse response, long nowUnixMs)
    {
        foreach (var unpatched in response.Unpatched)
        {
            var row = GetOrAdd(unpatched.Name, "");
            SetPatched(row, false);
            row.Unpatched = true;
            row.Calls = Math.Max(row.Calls, unpatched.Calls);
            row.Rate = null;
            row.RateHistory.Reset();
            row.LastLocalChangeUnixMs = nowUnixMs;
        }

        _visibleIsStale = true;
    }

    public void MarkAppGone(string message)
    {
        AppGone = true;
        LastMessage = message;
        foreach (var row in _rows.Values)
        {
            row.Rate = null;
        }

        _visibleIsStale = true;
    }

    public string SummaryLine()
    {
        var shown = VisibleRows.Count;
        var filter = _filter.IsEmpty ? "" : $" matching \"{_filter.Text}\"";
        return $"{shown} of {RowCount} methods{filter}, {PatchedCount} patched";
    }

    // `<>c`, `<Clone>$`, `<Main>b__0_0`: names only the compiler writes (and a few explicit interface implementations).
    private static bool IsCompilerGenerated(string name) => name.Contains('<', StringComparison.Ordinal);

    private MethodRow GetOrAdd(string name, string assembly)
    {
        if (!_rows.TryGetValue(name, out var row))
        {
            row = new MethodRow(name, assembly);
            _rows.Add(name, row);
            _orderIsStale = _visibleIsStale = true;
        }

        return row;
    }

    /// <summary>The one place a row's patch state changes: patched rows are kept in a set (counted and checked without
    /// a pass over every row) and move to the top of the visible list.</summary>
    private void SetPatched(MethodRow row, bool patched)
    {
        if (row.Patched == patched)
        {
            return;
        }

        row.Patched = patched;
        if (patched)
        {
            _patched.Add(row);
        }
        else
        {
            _patched.Remove(row);
        }

        _visibleIsStale = true;
    }
}
