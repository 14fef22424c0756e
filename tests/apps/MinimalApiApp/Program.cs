var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "MinimalApiApp: not implemented yet");
app.Run();
