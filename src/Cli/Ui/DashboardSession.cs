using Grpc.Core;
using Instr.Cli.Ui.Model;
using Instr.Cli.Ui.Views;
using Instr.Protocol.V1;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

namespace Instr.Cli.Ui;

/// <summary>
/// Runs the dashboard: Terminal.Gui on this thread, the Watch stream and every agent call on background tasks that
/// hand their results to the UI thread with app.Invoke. Nothing thrown in the background reaches the terminal; all
/// background work is joined before the application is disposed (which restores the terminal).
/// </summary>
internal sealed class DashboardSession
{
    /// <summary>What Esc on the table says: it quits in Terminal.Gui by default, here it must not.</summary>
    public const string EscapeOnTableHint = "Esc leaves the patch or filter input; q quits";

    public const string InputHint = "type a method name or pattern (wildcards * ?), Enter patches it, Esc goes back to the table";

    public const string TimingInputHint = "type a method name or pattern (wildcards * ?), Enter patches it with timing (p50/p99/max/exceptions), Esc goes back to the table";

    public const string FilterHint = "type to filter the rows (text, or a glob with * ?), Enter or Esc goes back to the table";

    private readonly DashboardAgent _agent;
    private readonly DashboardModel _model;
    private readonly TimeSpan _interval;
    private UiDispatcher? _ui;
    private DashboardLayout? _layout;
    private string? _selectAfterRefresh;
    private ProbeKind _inputProbe = ProbeKind.Count;

    public DashboardSession(DashboardAgent agent, DashboardModel model, TimeSpan interval)
    {
        _agent = agent;
        _model = model;
        _interval = interval;
    }

    public int Run(CancellationToken ct)
    {
        using var app = Application.Create();
        app.Init();
        using var ui = new UiDispatcher(app, Refresh, error => _model.LastMessage = error);
        _ui = ui;
        var layout = new DashboardLayout(_model.Title, withAppColumn: _model.AppMeter is not null);
        _layout = layout;
        WireKeys(app, layout);
        Refresh();

        var pump = new WatchPump(_agent, _interval, _model.AppMeter);
        pump.SnapshotReceived += snapshot => ui.PostIfChanged(() => _model.ApplySnapshot(snapshot));
        pump.Notice += notice => ui.Post(() => _model.LastMessage = notice);
        pump.AppGone += message => ui.Post(() => _model.MarkAppGone(message));
        pump.Start();

        // SIGTERM/SIGINT delivered to the CLI (Ctrl+C itself arrives as a key while the terminal is raw).
        using var stopOnCancel = ct.Register(() => ui.Post(app.RequestStop));
        try
        {
            layout.Table.SetFocus();
            app.Run(layout.Window, KeepRunning);
        }
        finally
        {
            ui.Shutdown();
            pump.Stop();
            layout.Window.Dispose();
        }

        return 0;
    }

    private void WireKeys(IApplication app, DashboardLayout layout)
    {
        // Ctrl+C does nothing by default in Terminal.Gui 2.5; make it quit like q.
        app.Keyboard.KeyDown += (_, key) =>
        {
            // A fast "Esc Ctrl+C" arrives as Alt+Ctrl+C: still a quit.
            if (key.NoAlt == Key.C.WithCtrl)
            {
                key.Handled = true;
                app.RequestStop();
            }
        };

        // TableView uses letters for type-to-search, so the hotkeys must be taken before it sees them.
        layout.Table.KeyDown += (_, key) =>
        {
            // Esc is the app-level quit key; on the table it must do nothing. A fast "Esc key" arrives as Alt+key.
            var bare = key.IsAlt ? key.NoAlt : key;
            if (bare == Key.Esc)
            {
                key.Handled = true;
                Say(EscapeOnTableHint);
                return;
            }

            if (PlainChar(bare) is { } hotkey && HandleHotkey(app, layout, hotkey))
            {
                key.Handled = true;
                return;
            }

            // A move past the first or last row is not handled by TableView, and Terminal.Gui then moves the focus to
            // the next field: the hotkeys that follow would be typed into the patch input. Stay on the table.
            key.Handled |= MovesPastTheRows(layout.Table, bare);
        };

        layout.Table.ValueChanged += (_, _) => ShowDetailsOfSelection();

        layout.Input.KeyDown += (_, key) => LeaveFieldOnEscape(app, layout, key, alsoOnEnter: false);
        layout.Input.Accepting += (_, e) =>
        {
            e.Handled = true;
            PatchFromInput();
        };

        layout.Filter.KeyDown += (_, key) => LeaveFieldOnEscape(app, layout, key, alsoOnEnter: true);
        layout.Filter.ValueChanged += (_, _) =>
        {
            _model.SetFilter(layout.Filter.Value);
            Refresh();
        };
    }

    private bool HandleHotkey(IApplication app, DashboardLayout layout, char hotkey)
    {
        switch (hotkey)
        {
            case 'q':
                app.RequestStop();
                return true;
            case 'i':
                FocusInput(layout, ProbeKind.Count);
                return true;
            case 't':
                FocusInput(layout, ProbeKind.Timing);
                return true;
            case '/':
                layout.Filter.SetFocus();
                Say(FilterHint);
                return true;
            case 'u':
                UnpatchSelected();
                return true;
            case 'r':
                Reload();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The patch input, for the count probe (`i`) or the timing probe (`t`): its label says which.</summary>
    private void FocusInput(DashboardLayout layout, ProbeKind probe)
    {
        _inputProbe = probe;
        layout.InputLabel.Text = probe == ProbeKind.Timing ? DashboardLayout.TimingLabel : DashboardLayout.PatchLabel;
        layout.Input.SetFocus();
        Say(probe == ProbeKind.Timing ? TimingInputHint : InputHint);
    }

    /// <summary>
    /// Esc leaves a text field for the table. A terminal sends Esc quickly followed by a key as one Alt+key: read
    /// that as Esc then the hotkey, so "Esc q" typed fast still quits.
    /// </summary>
    private void LeaveFieldOnEscape(IApplication app, DashboardLayout layout, Key key, bool alsoOnEnter)
    {
        if (key == Key.Esc || key == Key.Esc.WithAlt || (alsoOnEnter && key == Key.Enter))
        {
            key.Handled = true;
            BackToTable(layout);
            return;
        }

        if (key.IsAlt && !key.IsCtrl && PlainChar(key.NoAlt) is { } hotkey)
        {
            key.Handled = true;
            BackToTable(layout);
            HandleHotkey(app, layout, hotkey);
        }
    }

    private void BackToTable(DashboardLayout layout)
    {
        layout.Table.SetFocus();
        if (_model.LastMessage is InputHint or TimingInputHint or FilterHint)
        {
            Say(""); // the hint was about the field just left
        }
    }

    private void PatchFromInput()
    {
        var pattern = (_layout!.Input.Value ?? "").Trim();
        if (pattern.Length == 0)
        {
            Say("type a method name or pattern, e.g. SampleTarget.Modules.ModuleA:FuncA1, then Enter");
            return;
        }

        if (_model.AppGone)
        {
            Say("the app has exited; nothing can be patched");
            return;
        }

        var probe = _inputProbe;
        Say(probe == ProbeKind.Timing ? $"patching {pattern} with timing …" : $"patching {pattern} …");
        _ui!.RunInBackground(async ct =>
        {
            try
            {
                var response = await _agent.PatchAsync(pattern, probe, ct);
                _ui.Post(() =>
                {
                    _model.ApplyPatchResponse(response, NowUnixMs());
                    _model.LastMessage = ResultMessages.Patched(pattern, response);
                    _layout.Input.Value = "";
                    _layout.Table.SetFocus();
                    if (response.Patched.Count > 0)
                    {
                        // Rows re-sort (patched first): select the new row after the refresh, so `u` acts on it.
                        _selectAfterRefresh = response.Patched[0].Name;
                    }
                });
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                var message = FailureMessage("patch", pattern, e);
                _ui.Post(() =>
                {
                    if (ResultMessages.RefusedResponse(e) is { } refused)
                    {
                        _model.ApplyPatchResponse(refused, NowUnixMs());
                    }

                    _model.LastMessage = message;
                });
            }
        });
    }

    private void UnpatchSelected()
    {
        var row = SelectedRow();
        if (row is null)
        {
            Say("no method selected");
            return;
        }

        if (!row.Patched)
        {
            Say($"{row.Name} is not patched");
            return;
        }

        Say($"unpatching {row.Name} …");
        _ui!.RunInBackground(async ct =>
        {
            try
            {
                var response = await _agent.UnpatchAsync(row.Name, ct);
                _ui.Post(() =>
                {
                    _model.ApplyUnpatchResponse(response, NowUnixMs());
                    _model.LastMessage = ResultMessages.Unpatched(response);
                });
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                var message = FailureMessage("unpatch", row.Name, e);
                _ui.Post(() => _model.LastMessage = message);
            }
        });
    }

    private void Reload()
    {
        Say("reloading the method list …");
        _ui!.RunInBackground(async ct =>
        {
            try
            {
                var methods = await _agent.ListMethodsAsync(ct);
                _ui.Post(() =>
                {
                    _model.LoadMethods(methods.Methods);
                    _model.LastMessage = $"{_model.RowCount} methods";
                });
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                var message = FailureMessage("reload", "", e);
                _ui.Post(() => _model.LastMessage = message);
            }
        });
    }

    /// <summary>The status line for a failed call; "unreachable" is told apart from "the app has exited".</summary>
    private string FailureMessage(string action, string pattern, RpcException error) =>
        error.StatusCode == StatusCode.Unavailable && !_agent.ProcessIsAlive()
            ? $"cannot {action}: process {_agent.Pid} has exited"
            : ResultMessages.Failed(action, pattern, error);

    private void Say(string message)
    {
        _model.LastMessage = message;
        Refresh();
    }

    /// <summary>Pushes the model into the views, keeping the selected method selected even when rows re-sort.</summary>
    private void Refresh()
    {
        if (_layout is not { } layout)
        {
            return;
        }

        var selected = _selectAfterRefresh ?? SelectedRow()?.Name;
        _selectAfterRefresh = null;
        layout.ShowTimingColumns(_model.AnyTimed);
        layout.Source.Show(_model.VisibleRows);
        layout.Table.Update();
        KeepInsideTheRows(layout.Table);
        if (selected is not null)
        {
            SelectRow(selected);
        }

        ShowDetailsOfSelection();
        layout.Window.Title = _model.Title;
        layout.Message.Text = _model.LastMessage;
        layout.Help.Text = $"{_model.SummaryLine()} │ {DashboardLayout.KeysHelp}";
    }

    private static bool MovesPastTheRows(TableView table, Key key)
    {
        var rows = table.Table?.Rows ?? 0;
        var selected = table.Value?.SelectedCell.Y ?? -1;
        return ((key == Key.CursorDown || key == Key.PageDown) && selected >= rows - 1)
            || ((key == Key.CursorUp || key == Key.PageUp) && selected == 0);
    }

    /// <summary>
    /// When the rows shrink (a filter typed after scrolling down a long list), TableView keeps its scroll offset and
    /// cursor past the last row and draws an empty table: go back to the first row.
    /// </summary>
    private static void KeepInsideTheRows(TableView table)
    {
        var rows = table.Table?.Rows ?? 0;
        var selected = table.Value?.SelectedCell.Y ?? -1;
        if (rows == 0 || (table.RowOffset < rows && selected < rows))
        {
            return;
        }

        // The rows a filter leaves are read from the top, as a fresh list.
        table.RowOffset = 0;
        table.SetSelection(0, 0, false, null);
        table.EnsureCursorIsVisible();
    }

    private void ShowDetailsOfSelection()
    {
        var row = SelectedRow();
        _layout!.Details.Text = row is null ? "" : MethodRowFormatter.FormatDetails(row);
    }

    private MethodRow? SelectedRow()
    {
        var layout = _layout!;
        return layout.Source.RowAt(layout.Table.Value?.SelectedCell.Y ?? -1);
    }

    private void SelectRow(string name)
    {
        var table = _layout!.Table;
        if (SelectedRow()?.Name == name)
        {
            return; // still in its place: no search through (maybe 100,000) rows on every refresh
        }

        var index = _model.IndexOfVisible(name);
        if (index >= 0 && table.Value?.SelectedCell.Y != index)
        {
            table.SetSelection(0, index, false, null);
            table.EnsureCursorIsVisible();
        }
    }

    private bool KeepRunning(Exception error)
    {
        // A bug in a UI callback must not kill the process with the terminal still in the alternate screen.
        _model.LastMessage = $"internal error: {error.Message.ReplaceLineEndings(" ")}";
        return true;
    }

    private static char? PlainChar(Key key)
    {
        if (key.IsCtrl || key.IsAlt)
        {
            return null;
        }

        var value = key.AsRune.Value;
        return value is > 0 and < 128 ? char.ToLowerInvariant((char)value) : null;
    }

    private static long NowUnixMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
