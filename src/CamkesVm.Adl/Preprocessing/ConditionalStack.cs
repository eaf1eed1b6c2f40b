using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Syntax;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>The nesting of <c>#if</c> groups within one file.</summary>
internal sealed class ConditionalStack
{
    private sealed class Group(Token opener, bool parentActive)
    {
        public Token Opener { get; } = opener;
        public bool ParentActive { get; } = parentActive;
        public bool Active { get; set; }
        public bool Taken { get; set; }
        public bool SeenElse { get; set; }
    }

    private readonly Stack<Group> _groups = new();

    /// <summary>True when lines at this point are kept.</summary>
    public bool IsActive => _groups.Count == 0 || _groups.Peek().Active;

    public void Push(Token opener, bool condition)
    {
        var parent = IsActive;
        _groups.Push(new Group(opener, parent) { Active = parent && condition, Taken = condition });
    }

    /// <summary>Whether an <c>#elif</c> must evaluate its condition (parent active, nothing taken yet).</summary>
    public bool ElifNeedsCondition => _groups.Count > 0 && _groups.Peek().ParentActive && !_groups.Peek().Taken;

    public void Elif(Token where, bool condition, DiagnosticBag diagnostics)
    {
        if (!CheckOpen(where, "elif", diagnostics))
        {
            return;
        }
        var group = _groups.Peek();
        group.Active = group.ParentActive && !group.Taken && condition;
        group.Taken |= condition;
    }

    public void Else(Token where, DiagnosticBag diagnostics)
    {
        if (!CheckOpen(where, "else", diagnostics))
        {
            return;
        }
        var group = _groups.Peek();
        group.Active = group.ParentActive && !group.Taken;
        group.Taken = true;
        group.SeenElse = true;
    }

    public void End(Token where, DiagnosticBag diagnostics)
    {
        if (_groups.Count == 0)
        {
            diagnostics.ReportUnbalancedConditional(where, "endif");
            return;
        }
        _groups.Pop();
    }

    public void ReportUnterminated(DiagnosticBag diagnostics)
    {
        while (_groups.Count > 0)
        {
            diagnostics.ReportUnterminatedConditional(_groups.Pop().Opener);
        }
    }

    private bool CheckOpen(Token where, string directive, DiagnosticBag diagnostics)
    {
        if (_groups.Count == 0)
        {
            diagnostics.ReportUnbalancedConditional(where, directive);
            return false;
        }
        if (_groups.Peek().SeenElse)
        {
            diagnostics.ReportElseAfterElse(where, directive);
            return false;
        }
        return true;
    }
}
