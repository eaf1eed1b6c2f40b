namespace CamkesVm.Machine.Bus;

/// <summary>Helpers shared by bus devices.</summary>
public static class BusValues
{
    /// <summary>All ones in an access of <paramref name="size"/> bytes: what an undecoded read returns.</summary>
    public static uint Open(int size) => size >= 4 ? 0xFFFF_FFFFu : (1u << (size * 8)) - 1;
}
