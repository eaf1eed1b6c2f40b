using CamkesVm.Machine.Net.User;

namespace CamkesVm.Machine.Net;

/// <summary>
/// Creates a backend from its command-line spelling: <c>user</c> (the user-mode NAT), <c>switch:NAME</c>
/// (the in-process switch of that name) or <c>tap:IFNAME</c> (a host TAP interface).
/// </summary>
public static class NetworkBackends
{
    /// <summary>What <see cref="Create"/> accepts, for help texts.</summary>
    public const string Syntax = "user | switch:NAME | tap:IFNAME";

    /// <summary>Builds the backend <paramref name="spec"/> names; throws <see cref="ArgumentException"/> saying what is accepted.</summary>
    public static INetworkBackend Create(string spec, Action<string>? log = null)
    {
        var (kind, argument) = Parse(spec);
        return kind switch
        {
            "user" => new UserNetwork(new UserNetworkOptions { Log = log }),
            "switch" => NetworkSwitch.Named(argument).CreatePort(),
            _ => new TapBackend(argument),
        };
    }

    /// <summary>Checks the spelling of <paramref name="spec"/> without opening anything; throws as <see cref="Create"/> does.</summary>
    public static void Validate(string spec) => Parse(spec);

    private static (string Kind, string Argument) Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':');
        string kind = colon < 0 ? spec : spec[..colon], argument = colon < 0 ? "" : spec[(colon + 1)..];
        bool ok = kind switch
        {
            "user" => colon < 0,
            "switch" or "tap" => argument.Length > 0,
            _ => false,
        };
        return ok ? (kind, argument) : throw new ArgumentException($"unknown network backend '{spec}': use {Syntax}");
    }
}
