namespace CamkesVm.Guest.Tests.Support;

/// <summary>Logging in on a guest's console as the images' user (root, password root).</summary>
public static class RootLogin
{
    /// <summary>Types root/root at a <c>login:</c> prompt that has already appeared; waits for the shell prompt.</summary>
    public static async Task AtPrompt(SerialConsole console, TimeSpan timeout)
    {
        await console.SendLine("root");
        console.WaitFor("Password:", timeout);
        await console.SendLine("root");
        console.WaitFor("# ", timeout);
    }
}
