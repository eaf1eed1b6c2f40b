using CamkesVm.Machine.Net;
using CamkesVm.Machine.Net.User;

namespace CamkesVm.Machine.Tests.Net;

/// <summary>The command-line spellings of the backends.</summary>
public class NetworkBackendsTests
{
    [Fact]
    public void User_and_switch_specs_make_those_backends()
    {
        using var user = NetworkBackends.Create("user");
        Assert.IsType<UserNetwork>(user);
        using var port = NetworkBackends.Create("switch:spec-test");
        Assert.Equal(1, NetworkSwitch.Named("spec-test").PortCount);
    }

    [Theory]
    [InlineData("usr")]
    [InlineData("switch:")]
    [InlineData("tap")]
    [InlineData("user:x")]
    public void A_wrong_spec_says_what_is_accepted(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkBackends.Create(spec));
        Assert.Contains("user | switch:NAME | tap:IFNAME", e.Message);
    }

    [Theory]
    [InlineData("usr")]
    [InlineData("switch:")]
    [InlineData("tap")]
    [InlineData("user:x")]
    public void Validate_rejects_what_Create_rejects(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkBackends.Validate(spec));
        Assert.Contains($"unknown network backend '{spec}': use user | switch:NAME | tap:IFNAME", e.Message);
    }

    [Fact]
    public void Validate_accepts_every_spelling_without_opening_a_backend()
    {
        NetworkBackends.Validate("user");
        NetworkBackends.Validate("tap:camkes-none0");
        NetworkBackends.Validate("switch:validate-only");
        Assert.Equal(0, NetworkSwitch.Named("validate-only").PortCount);
    }
}
