namespace Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

/// <summary>
/// The three app shapes people build most, straight from the SDK's templates. The only edit: the minimal-API app gets
/// a method-group endpoint (`Handlers.Hello`) next to the template's lambda one. Nothing is marked NoInlining.
/// </summary>
internal static class TemplateAppRecipes
{
    private const string FiveForecasts = "five forecasts per request (getters and constructor counts are 5 per request)";
    private const string FahrenheitReadsCelsius = "get_TemperatureF calling get_TemperatureC (so get_TemperatureC runs twice per forecast)";

    /// <summary>`dotnet new webapi`: a minimal API with the template's lambda handler for /weatherforecast.</summary>
    public static readonly TemplateAppRecipe MinimalApi = new(
        Name: "TemplateMinimalApi",
        Template: "webapi",
        TemplateArguments: [],
        Facts:
        [
            new("Program.cs", "app.MapGet(\"/weatherforecast\", () =>", "the lambda handler of /weatherforecast"),
            new("Program.cs", "Enumerable.Range(1, 5).Select(index =>", FiveForecasts),
            new("Program.cs", "record WeatherForecast(DateOnly Date, int TemperatureC, string? Summary)", "the record serialized by System.Text.Json"),
            new("Program.cs", "public int TemperatureF => 32 + (int)(TemperatureC / 0.5556);", FahrenheitReadsCelsius),
        ],
        Edits:
        [
            new AddFile("Handlers.cs", """
                // Added by instr's end-to-end tests: a method-group endpoint, next to the template's lambda endpoint.
                static class Handlers
                {
                    public static string Hello(string name) => "Hello, " + name + "!";
                }

                """),
            new InsertBefore("Program.cs", "app.Run();", "app.MapGet(\"/hello/{name}\", Handlers.Hello);\n\n"),
        ]);

    /// <summary>`dotnet new webapi --use-controllers`: an MVC controller returning the template's model.</summary>
    public static readonly TemplateAppRecipe Controllers = new(
        Name: "TemplateControllers",
        Template: "webapi",
        TemplateArguments: ["--use-controllers"],
        Facts:
        [
            new("Controllers/WeatherForecastController.cs", "public IEnumerable<WeatherForecast> Get()", "the action called once per request"),
            new("Controllers/WeatherForecastController.cs", "Enumerable.Range(1, 5).Select(index => new WeatherForecast", FiveForecasts),
            new("WeatherForecast.cs", "public int TemperatureF => 32 + (int)(TemperatureC / 0.5556);", FahrenheitReadsCelsius),
            new("WeatherForecast.cs", "public string? Summary { get; set; }", "the Summary getter serialized once per forecast"),
        ],
        Edits: []);

    /// <summary>`dotnet new grpc`: the Greeter service (its Grpc.AspNetCore 2.64.0 resolves to the nearest served version).</summary>
    public static readonly TemplateAppRecipe Grpc = new(
        Name: "TemplateGrpc",
        Template: "grpc",
        TemplateArguments: [],
        Facts:
        [
            new("Services/GreeterService.cs", "public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context)", "the service method called once per request"),
            new("Services/GreeterService.cs", "Message = \"Hello \" + request.Name", "the expected reply"),
            new("Protos/greet.proto", "package greet;", "the gRPC service name greet.Greeter"),
            new("Protos/greet.proto", "rpc SayHello (HelloRequest) returns (HelloReply);", "the method the test client calls"),
            new("Protos/greet.proto", "string name = 1;", "the hand-written request encoding"),
            new("Protos/greet.proto", "string message = 1;", "the hand-written reply encoding"),
        ],
        Edits: []);
}
