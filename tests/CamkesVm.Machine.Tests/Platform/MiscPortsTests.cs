using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices;

namespace CamkesVm.Machine.Tests.Platform;

/// <summary>The small PC ports Linux touches on boot and reboot, mapped at their real addresses.</summary>
public class MiscPortsTests
{
    private readonly PortBus _ports = new();
    private int _resets;

    [Fact]
    public void Post_code_port_accepts_writes_and_reads_the_last_code()
    {
        var post = new PostCodePort();
        _ports.Map(0x80, 1, post, "POST");
        Assert.Equal(0xFFu, _ports.In(0x80, 1));
        _ports.Out(0x80, 0x55, 1);
        Assert.Equal(0x55u, _ports.In(0x80, 1));
        Assert.Equal(0x55, post.LastCode);
    }

    [Fact]
    public void Port_92_reports_and_switches_the_a20_gate()
    {
        var port = new SystemControlPortA(() => _resets++, a20Enabled: false);
        _ports.Map(0x92, 1, port, "port92");
        var seen = new List<bool>();
        port.A20Changed = seen.Add;
        Assert.Equal(0x00u, _ports.In(0x92, 1) & 0x02);
        _ports.Out(0x92, _ports.In(0x92, 1) | 0x02, 1); // Linux's enable_a20_fast()
        Assert.True(port.A20Enabled);
        Assert.Equal(0x02u, _ports.In(0x92, 1) & 0x02);
        Assert.Equal([true], seen);
        Assert.Equal(0, _resets);
    }

    [Fact]
    public void Port_92_bit_0_is_a_fast_reset()
    {
        var port = new SystemControlPortA(() => _resets++);
        _ports.Map(0x92, 1, port, "port92");
        _ports.Out(0x92, 0x03, 1);
        Assert.Equal(1, _resets);
        Assert.True(port.A20Enabled);
        Assert.Equal(0x02u, _ports.In(0x92, 1));
    }

    [Fact]
    public void Reset_control_register_resets_when_rcpu_is_written_as_linux_reboot_pci_does()
    {
        var rc = new ResetControlRegister(() => _resets++);
        _ports.Map(0xCF9, 1, rc, "RC");
        byte cf9 = (byte)(_ports.In(0xCF9, 1) & ~0x06);
        _ports.Out(0xCF9, (uint)(cf9 | 0x02), 1);
        Assert.Equal(0, _resets);
        Assert.Equal(0x02u, _ports.In(0xCF9, 1));
        _ports.Out(0xCF9, (uint)(cf9 | ResetControlRegister.HardReset), 1);
        Assert.Equal(1, _resets);
    }

    [Fact]
    public void Keyboard_controller_reports_ready_and_pulses_reset_on_0xFE()
    {
        _ports.Map(0x64, 1, new KeyboardControllerReset(() => _resets++), "i8042");
        Assert.Equal(0u, _ports.In(0x64, 1) & 0x03); // no output data, input buffer empty
        _ports.Out(0x64, 0xAA, 1);
        Assert.Equal(0, _resets);
        _ports.Out(0x64, 0xFE, 1);
        Assert.Equal(1, _resets);
    }

    [Theory]
    [InlineData(0u, 1)]
    [InlineData(1u, 3)]
    [InlineData(0x10u, 0x21)]
    [InlineData(0x7Fu, 0xFF)]
    public void Isa_debug_exit_status_is_value_shifted_left_or_1(uint value, int status)
    {
        int? got = null;
        _ports.Map(IsaDebugExit.Port, 4, new IsaDebugExit(s => got = s), "isa-debug-exit");
        _ports.Out(0xF4, value, 1);
        Assert.Equal(status, got);
        Assert.Equal(0xFFu, _ports.In(0xF4, 1));
    }

    [Fact]
    public void Debug_console_emits_bytes_and_reads_0xE9()
    {
        var text = new List<byte>();
        _ports.Map(DebugConsolePort.Port, 1, new DebugConsolePort(text.Add), "debugcon");
        foreach (byte b in "ok\n"u8) _ports.Out(0xE9, b, 1);
        Assert.Equal("ok\n"u8.ToArray(), text);
        Assert.Equal(0xE9u, _ports.In(0xE9, 1));
    }
}
