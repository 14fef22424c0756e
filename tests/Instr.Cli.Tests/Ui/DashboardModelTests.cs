using Instr.Cli.Ui.Model;
using Instr.Protocol.V1;

namespace Instr.Cli.Tests.Ui;

public class DashboardModelTests
{
    private const string FuncA1 = "SampleTarget.Modules.ModuleA:FuncA1(System.Int32)";
    private const string FuncA2 = "SampleTarget.Modules.ModuleA:FuncA2()";
    private const string FuncB1 = "SampleTarget.Modules.ModuleB:FuncB1()";

    private static DashboardModel ModelWithMethods()
    {
        var model = new DashboardModel(4242, "SampleTarget");
        model.LoadMethods(
        [
            new MethodEntry { Name = FuncB1, Assembly = "SampleTarget" },
            new MethodEntry { Name = FuncA2, Assembly = "SampleTarget" },
            new MethodEntry { Name = FuncA1, Assembly = "SampleTarget" },
        ]);
        return model;
    }

    private static WatchSnapshot Snapshot(long time, params (string Name, long Calls, double Rate)[] counters)
    {
        var snapshot = new WatchSnapshot { TimeUnixMs = time, Pid = 4242 };
        foreach (var (name, calls, rate) in counters)
        {
            snapshot.Methods.Add(new MethodCounter { Name = name, Calls = calls, Rate = rate, Status = "patched", State = PatchState.Patched });
        }

        return snapshot;
    }

    private static PatchResponse Patched(params string[] names)
    {
        var response = new PatchResponse();
        foreach (var name in names)
        {
            response.Patched.Add(new PatchedMethod { Name = name });
        }

        return response;
    }

    [Fact]
    public void Title_names_the_process_and_pid()
    {
        Assert.Equal("instr — SampleTarget (pid 4242)", new DashboardModel(4242, "SampleTarget").Title);
    }

    [Fact]
    public void Rows_are_sorted_by_name_when_nothing_is_patched()
    {
        var model = ModelWithMethods();
        Assert.Equal([FuncA1, FuncA2, FuncB1], model.VisibleRows.Select(r => r.Name));
    }

    [Fact]
    public void Patched_rows_come_first()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncB1), nowUnixMs: 1000);

        Assert.Equal([FuncB1, FuncA1, FuncA2], model.VisibleRows.Select(r => r.Name));
        Assert.True(model.Find(FuncB1)!.Patched);
        Assert.Equal(1, model.PatchedCount);
    }

    [Fact]
    public void Compiler_generated_names_come_after_the_methods_people_wrote()
    {
        var model = new DashboardModel(1, "App");
        model.LoadMethods(
        [
            new MethodEntry { Name = "App.Callables+<>c:<.cctor>b__16_0(System.Random)" },
            new MethodEntry { Name = "App.Zeta:Run()" },
            new MethodEntry { Name = "App.Alpha:<Clone>$()" },
            new MethodEntry { Name = "App.Alpha:Run()" },
        ]);

        Assert.Equal(
            ["App.Alpha:Run()", "App.Zeta:Run()", "App.Alpha:<Clone>$()", "App.Callables+<>c:<.cctor>b__16_0(System.Random)"],
            model.VisibleRows.Select(r => r.Name));
    }

    [Fact]
    public void Snapshot_sets_calls_and_rate_of_patched_methods()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);

        model.ApplySnapshot(Snapshot(1500, (FuncA1, 37, 12.5)));
        model.ApplySnapshot(Snapshot(2000, (FuncA1, 52, 30.0)));

        var row = model.Find(FuncA1)!;
        Assert.Equal(52, row.Calls);
        Assert.Equal(30.0, row.Rate);
    }

    [Fact]
    public void Coverage_comes_from_the_patch_reply_and_then_from_each_snapshot()
    {
        var model = ModelWithMethods();
        var reply = Patched(FuncA1);
        reply.Patched[0].Coverage = Coverage.Partial;
        reply.Patched[0].CoverageReason = "checked in the background";
        model.ApplyPatchResponse(reply, nowUnixMs: 1_000);
        var row = model.Find(FuncA1)!;
        Assert.Equal(Coverage.Partial, row.Coverage);
        Assert.Equal("checked in the background", row.CoverageReason);

        // Coverage can change while the patch lives: the next snapshot says it is complete now.
        var snapshot = Snapshot(2_000, (FuncA1, 5, 1.0));
        snapshot.Methods[0].Coverage = Coverage.Complete;
        model.ApplySnapshot(snapshot);
        Assert.Equal(Coverage.Complete, row.Coverage);
        Assert.Equal("", row.CoverageReason);
    }

    [Fact]
    public void Snapshot_older_than_our_own_patch_does_not_unpatch_the_row()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 5000);

        // Taken by the agent before the patch landed: the method is not in it yet.
        model.ApplySnapshot(Snapshot(4900));

        Assert.True(model.Find(FuncA1)!.Patched);
    }

    [Fact]
    public void Snapshot_older_than_our_own_unpatch_does_not_repatch_the_row()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);
        model.ApplyUnpatchResponse(new UnpatchResponse { Unpatched = { new UnpatchedMethod { Name = FuncA1, Calls = 80 } } }, nowUnixMs: 5000);

        model.ApplySnapshot(Snapshot(4900, (FuncA1, 79, 10)));

        var row = model.Find(FuncA1)!;
        Assert.False(row.Patched);
        Assert.True(row.Unpatched);
        Assert.Equal(80, row.Calls);
    }

    [Fact]
    public void Method_missing_from_a_newer_snapshot_was_unpatched_elsewhere()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);
        model.ApplySnapshot(Snapshot(1500, (FuncA1, 10, 20)));

        model.ApplySnapshot(Snapshot(2000));

        var row = model.Find(FuncA1)!;
        Assert.False(row.Patched);
        Assert.True(row.Unpatched);
        Assert.Null(row.Rate);
        Assert.Equal(10, row.Calls);
    }

    [Fact]
    public void Counter_with_status_unpatched_marks_the_row_unpatched()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);
        var snapshot = Snapshot(2000);
        snapshot.Methods.Add(new MethodCounter { Name = FuncA1, Calls = 12, Status = "unpatched", State = PatchState.Unpatched });

        model.ApplySnapshot(snapshot);

        var row = model.Find(FuncA1)!;
        Assert.False(row.Patched);
        Assert.True(row.Unpatched);
        Assert.Equal(12, row.Calls);
    }

    [Fact]
    public void Empty_snapshot_with_nothing_patched_changes_nothing()
    {
        var model = ModelWithMethods();
        Assert.False(model.ApplySnapshot(Snapshot(1000)));

        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);
        Assert.True(model.ApplySnapshot(Snapshot(2000, (FuncA1, 1, 2))));
        Assert.True(model.ApplySnapshot(Snapshot(3000))); // unpatched elsewhere: the row flips
        Assert.False(model.ApplySnapshot(Snapshot(4000)));
    }

    [Fact]
    public void Snapshot_adds_rows_for_methods_patched_outside_the_list()
    {
        var model = ModelWithMethods();
        const string framework = "System.Text.StringBuilder:ToString()";

        model.ApplySnapshot(Snapshot(1000, (framework, 3, 1)));

        Assert.Equal(framework, model.VisibleRows[0].Name);
        Assert.Equal(4, model.RowCount);
    }

    [Fact]
    public void Repatching_a_method_restarts_its_count()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);
        model.ApplySnapshot(Snapshot(1500, (FuncA1, 40, 20)));
        model.ApplyUnpatchResponse(new UnpatchResponse { Unpatched = { new UnpatchedMethod { Name = FuncA1, Calls = 41 } } }, nowUnixMs: 2000);

        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 3000);

        Assert.Equal(0, model.Find(FuncA1)!.Calls);
    }

    [Fact]
    public void Refused_methods_keep_their_reason_until_patched()
    {
        var model = ModelWithMethods();
        var response = new PatchResponse { Skipped = { new SkippedMethod { Name = FuncA2, Reason = "abstract method" } } };

        model.ApplyPatchResponse(response, nowUnixMs: 1000);
        Assert.Equal("abstract method", model.Find(FuncA2)!.RefusedReason);

        model.ApplyPatchResponse(Patched(FuncA2), nowUnixMs: 2000);
        Assert.Null(model.Find(FuncA2)!.RefusedReason);
    }

    [Fact]
    public void Dry_run_changes_nothing()
    {
        var model = ModelWithMethods();
        var response = Patched(FuncA1);
        response.DryRun = true;

        model.ApplyPatchResponse(response, nowUnixMs: 1000);

        Assert.Equal(0, model.PatchedCount);
    }

    [Fact]
    public void Filter_hides_rows_and_summary_says_so()
    {
        var model = ModelWithMethods();

        model.SetFilter("moduleb");

        Assert.Equal([FuncB1], model.VisibleRows.Select(r => r.Name));
        Assert.Equal("1 of 3 methods matching \"moduleb\", 0 patched", model.SummaryLine());
    }

    [Fact]
    public void Clearing_the_filter_shows_every_row_again()
    {
        var model = ModelWithMethods();
        model.SetFilter("FuncB");
        model.SetFilter("");

        Assert.Equal(3, model.VisibleRows.Count);
    }

    [Fact]
    public void IndexOfVisible_follows_the_sort_order()
    {
        var model = ModelWithMethods();
        Assert.Equal(2, model.IndexOfVisible(FuncB1));

        model.ApplyPatchResponse(Patched(FuncB1), nowUnixMs: 1000);

        Assert.Equal(0, model.IndexOfVisible(FuncB1));
        Assert.Equal(-1, model.IndexOfVisible("nope"));
    }

    [Fact]
    public void Reloading_the_list_keeps_live_counts()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);
        model.ApplySnapshot(Snapshot(1500, (FuncA1, 99, 50)));

        model.LoadMethods([new MethodEntry { Name = FuncA1, Assembly = "SampleTarget", Patched = true, Calls = 90 }]);

        Assert.Equal(99, model.Find(FuncA1)!.Calls);
        Assert.True(model.Find(FuncA1)!.Patched);
    }

    [Fact]
    public void App_gone_is_remembered_with_its_message()
    {
        var model = ModelWithMethods();
        model.ApplyPatchResponse(Patched(FuncA1), nowUnixMs: 1000);
        model.ApplySnapshot(Snapshot(1500, (FuncA1, 5, 10)));

        model.MarkAppGone("process 4242 has exited");

        Assert.True(model.AppGone);
        Assert.Equal("process 4242 has exited", model.LastMessage);
        Assert.Null(model.Find(FuncA1)!.Rate);
        Assert.Equal(5, model.Find(FuncA1)!.Calls);
    }

    [Fact]
    public void Typing_a_filter_key_by_key_shows_the_rows_setting_it_at_once_shows()
    {
        var model = new DashboardModel(1, "App");
        var names = Enumerable.Range(0, 300).Select(i => $"App.T{i % 30:D2}:M{i / 30}(System.Int64)").ToArray();
        model.LoadMethods(names.Select(n => new MethodEntry { Name = n }));
        model.ApplyPatchResponse(Patched(names[250]), nowUnixMs: 1000); // patched: first among the rows it matches

        foreach (var text in new[] { "t", "T2", "T2", "T25", "T25:M8", "T2", "", "*T2?:M8*", "T1" })
        {
            var fresh = new DashboardModel(1, "App");
            fresh.LoadMethods(names.Select(n => new MethodEntry { Name = n }));
            fresh.ApplyPatchResponse(Patched(names[250]), nowUnixMs: 1000);
            fresh.SetFilter(text);

            model.SetFilter(text);
            Assert.Equal(fresh.VisibleRows.Select(r => r.Name), model.VisibleRows.Select(r => r.Name));
        }
    }
}
