using System.Text;

namespace Instr.IntegrationTests.EndToEnd.Inlining.Scenarios;

internal static class HttpGet
{
    /// <summary>GET the path; the body of a 2xx response, else a failure naming the status and body.</summary>
    public static async Task<byte[]> BodyAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new Xunit.Sdk.XunitException($"GET /{path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return body;
    }
}
