using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Instr.Agent.Logging;
using Instr.Shared;
using Microsoft.AspNetCore.Http;

namespace Instr.Agent.Hosting;

/// <summary>
/// Optional TCP access (INSTR_TCP_PORT): loopback only, and every request must carry
/// "Authorization: Bearer {INSTR_TOKEN}". Without a token there is no TCP listener at all.
/// </summary>
internal sealed class TcpAccess
{
    private readonly byte[] _expectedHeader;

    private TcpAccess(int port, string token)
    {
        Port = port;
        _expectedHeader = Encoding.UTF8.GetBytes("Bearer " + token);
    }

    public int Port { get; }

    /// <summary>The TCP settings from the environment, or null (with the reason in the agent log) when TCP stays off.</summary>
    public static TcpAccess? FromEnvironment()
    {
        var portText = Environment.GetEnvironmentVariable(InstrEnvironment.TcpPort);
        if (string.IsNullOrWhiteSpace(portText))
        {
            return null;
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            AgentLog.Warn($"{InstrEnvironment.TcpPort}={portText} is not a port number (1-65535); TCP not started");
            return null;
        }

        var token = Environment.GetEnvironmentVariable(InstrEnvironment.Token);
        if (string.IsNullOrWhiteSpace(token))
        {
            AgentLog.Warn($"{InstrEnvironment.TcpPort} is set but {InstrEnvironment.Token} is empty; TCP not started (a token is required)");
            return null;
        }

        return new TcpAccess(port, token);
    }

    /// <summary>Request middleware: requests that came over TCP need the token; Unix-socket requests pass.</summary>
    public async Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        // Unix-socket connections have no IP address; the peer-uid filter has already admitted them.
        if (context.Connection.LocalIpAddress is null || HasToken(context.Request.Headers.Authorization.ToString()))
        {
            await next(context);
            return;
        }

        AgentLog.Warn($"refused a TCP request from {context.Connection.RemoteIpAddress}: missing or wrong bearer token");
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }

    private bool HasToken(string header) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), _expectedHeader);
}
