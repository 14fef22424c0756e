using Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

/// <summary>
/// `dotnet new webapi --use-controllers`, unedited. Per round: GET /WeatherForecast — MVC creates the controller and
/// calls the action through invokers it compiles at run time; System.Text.Json reads the five models through getters
/// it emits at run time.
/// </summary>
internal sealed class ControllersScenario : WebScenario
{
    private const string App = "TemplateControllers";
    private HttpClient? _http;

    public override TemplateAppRecipe Recipe => TemplateAppRecipes.Controllers;

    public override void Connect(WebAppProcess app) => _http = new HttpClient { BaseAddress = app.BaseAddress };

    public override async Task RoundAsync() => WeatherForecastResponse.Check(await HttpGet.BodyAsync(_http!, "WeatherForecast"));

    public override Task<IReadOnlyList<ExpectedCalls>> TargetsAsync(InstrCommands instr)
    {
        const int Forecasts = WeatherForecastResponse.ForecastsPerResponse;
        IReadOnlyList<ExpectedCalls> targets =
        [
            new($"{App}.Controllers.WeatherForecastController:Get()", 1, "the action, once per request"),
            new($"{App}.Controllers.WeatherForecastController:.ctor()", 1, "MVC creates one controller per request"),
            new($"{App}.WeatherForecast:.ctor()", Forecasts, "Enumerable.Range(1, 5) models per request"),
            new($"{App}.WeatherForecast:get_Summary()", Forecasts, "serialized once per model"),
            new($"{App}.WeatherForecast:get_TemperatureF()", Forecasts, "serialized once per model"),
            new($"{App}.WeatherForecast:get_TemperatureC()", 2 * Forecasts, "serialized once per model, and read once by get_TemperatureF"),
        ];
        return Task.FromResult(targets);
    }

    public override ValueTask DisposeAsync()
    {
        _http?.Dispose();
        return ValueTask.CompletedTask;
    }
}
