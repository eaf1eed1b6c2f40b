namespace CamkesVm.Machine.Time;

/// <summary>How guest time advances (DESIGN.md, "Time").</summary>
public enum TimeMode
{
    /// <summary>Guest time follows executed instructions: the same inputs give the same guest timestamps.</summary>
    Virtual,
    /// <summary>Guest time follows the host's monotonic clock.</summary>
    WallClock,
}
