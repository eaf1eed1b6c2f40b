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
}
