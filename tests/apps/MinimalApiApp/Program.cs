// An ASP.NET Core minimal-API app with its own appsettings.json (a Kestrel endpoint on 127.0.0.1 and a greeting).
// The agent must not read this configuration or bind this port. Tests change the port with the usual override
// (environment Kestrel__Endpoints__Http__Url) and run it from its build directory so appsettings.json is found.
// Its own lines go through its logger, like the framework's, so the order of the output is deterministic.
// GET /telemetry says what the app's own metrics/activity listeners saw (requests before this one).
//   --ms N   stop by itself N milliseconds after start (default: run until a signal)
using var telemetry = new TelemetryProbe();
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var greeting = app.Configuration["Greeting"] ?? "no greeting configured";
app.MapGet("/", () => $"MinimalApiApp: {greeting}");
app.MapGet("/telemetry", telemetry.Describe);

var runMs = app.Configuration.GetValue<int?>("ms");
app.Lifetime.ApplicationStarted.Register(() =>
{
    app.Logger.LogInformation("MinimalApiApp: ready");
    if (runMs is { } ms)
    {
        _ = Task.Delay(ms).ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
    }
});
app.Lifetime.ApplicationStopped.Register(() => app.Logger.LogInformation("MinimalApiApp: stopped"));

app.Run();
Console.WriteLine("MinimalApiApp: exit after Run");
