using System.Text;
using Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

/// <summary>
/// `dotnet new webapi` plus one method-group endpoint. Per round: GET /hello/instr-e2e (Handlers.Hello, called from the
/// request delegate minimal APIs compile at run time) and GET /weatherforecast (the template's lambda, five
/// WeatherForecast records, serialized by System.Text.Json through getters it emits at run time).
/// </summary>
internal sealed class MinimalApiScenario : WebScenario
{
    private const string Name = "instr-e2e";
    private static readonly byte[] ExpectedHello = Encoding.UTF8.GetBytes("Hello, " + Name + "!");
    private HttpClient? _http;

    public override TemplateAppRecipe Recipe => TemplateAppRecipes.MinimalApi;

    public override void Connect(WebAppProcess app) => _http = new HttpClient { BaseAddress = app.BaseAddress };

    public override async Task RoundAsync()
    {
        var hello = await HttpGet.BodyAsync(_http!, "hello/" + Name);
        if (!hello.SequenceEqual(ExpectedHello))
        {
            throw new Xunit.Sdk.XunitException($"/hello/{Name} returned \"{Encoding.UTF8.GetString(hello)}\"");
        }

        WeatherForecastResponse.Check(await HttpGet.BodyAsync(_http!, "weatherforecast"));
    }

    public override async Task<IReadOnlyList<ExpectedCalls>> TargetsAsync(InstrCommands instr)
    {
        const int Forecasts = WeatherForecastResponse.ForecastsPerResponse;
        return
        [
            new("Handlers:Hello(System.String)", 1, "the /hello/{name} method group, once per request"),
            new(await FindLambdaHandlerAsync(instr), 1, "the template's /weatherforecast lambda, once per request"),
            new("WeatherForecast:.ctor(System.DateOnly, System.Int32, System.String)", Forecasts, "Enumerable.Range(1, 5) records per request"),
            new("WeatherForecast:get_Summary()", Forecasts, "serialized once per record"),
            new("WeatherForecast:get_TemperatureF()", Forecasts, "serialized once per record"),
            new("WeatherForecast:get_TemperatureC()", 2 * Forecasts, "serialized once per record, and read once by get_TemperatureF"),
        ];
    }

    public override ValueTask DisposeAsync()
    {
        _http?.Dispose();
        return ValueTask.CompletedTask;
    }

    // The compiler names the lambda (e.g. Program+<>c__DisplayClass0_0:<<Main>$>b__0()); `instr list` says what it is.
    // Of Program's lambdas, the handler is the one without parameters (the other, taking the Int32 index, is the
    // Select projection that builds each record).
    private static async Task<string> FindLambdaHandlerAsync(InstrCommands instr)
    {
        var listed = await instr.ListAsync("Program*");
        var handlers = listed.Where(n => n.StartsWith("Program+", StringComparison.Ordinal) && n.Contains(":<<Main>$>b__", StringComparison.Ordinal) && n.EndsWith("()", StringComparison.Ordinal)).ToArray();
        Assert.True(handlers.Length == 1, $"expected one parameterless lambda of Program in `instr list Program*`: {string.Join(", ", listed)}");
        return handlers[0];
    }
}
