namespace CamkesVm.Runtime.CGlue;

/// <summary>App code (C#, C, or the app folder's layout) is wrong; the message says what, where and how to fix it.</summary>
public sealed class AppCodeException(string message) : Exception(message);
