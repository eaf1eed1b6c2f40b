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
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':');
        string kind = colon < 0 ? spec : spec[..colon], argument = colon < 0 ? "" : spec[(colon + 1)..];
        return kind switch
        {
            "user" when colon < 0 => new UserNetwork(new UserNetworkOptions { Log = log }),
            "switch" when argument.Length > 0 => NetworkSwitch.Named(argument).CreatePort(),
            "tap" when argument.Length > 0 => new TapBackend(argument),
            _ => throw new ArgumentException($"unknown network backend '{spec}': use {Syntax}"),
        };
    }
}
