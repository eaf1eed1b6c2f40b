using System.Text;

namespace CamkesVm.Cli.Terminal;

/// <summary>
/// The standard output of native components: whole writes go to the <see cref="SerialConsole"/> in order with the
/// guests' serial output (a component's <c>printf("%s\n", ...)</c> arrives as one piece).
/// </summary>
internal sealed class ConsoleTextWriter(SerialConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => console.WriteText(value.ToString());

    public override void Write(string? value)
    {
        if (!string.IsNullOrEmpty(value)) console.WriteText(value);
    }

    public override void Write(char[] buffer, int index, int count) => console.WriteText(new string(buffer, index, count));

    public override void WriteLine(string? value) => console.WriteText((value ?? "") + "\n");
}
