using System.Text.Json;

namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

/// <summary>
/// The templates' weather forecast JSON: random by design, so checked for shape and for the model's own arithmetic
/// (each temperatureF computed by the getter the tests patch) rather than byte for byte.
/// </summary>
internal static class WeatherForecastResponse
{
    public const int ForecastsPerResponse = 5;

    public static void Check(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var forecasts = json.RootElement.EnumerateArray().ToArray();
        if (forecasts.Length != ForecastsPerResponse)
        {
            throw new Xunit.Sdk.XunitException($"expected {ForecastsPerResponse} forecasts: {json.RootElement}");
        }

        foreach (var forecast in forecasts)
        {
            var celsius = forecast.GetProperty("temperatureC").GetInt32();
            var fahrenheit = forecast.GetProperty("temperatureF").GetInt32();
            if (fahrenheit != 32 + (int)(celsius / 0.5556)
                || !DateOnly.TryParse(forecast.GetProperty("date").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _)
                || forecast.GetProperty("summary").GetString() is not { Length: > 0 })
            {
                throw new Xunit.Sdk.XunitException($"wrong forecast: {forecast}");
            }
        }
    }
}
