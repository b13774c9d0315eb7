using System.Reflection;
using System.Security.Cryptography;
using Keygate.Authentication;
using Keygate.Keys;

namespace Keygate.Tests.Keys;

/// <summary>
/// Timing cannot be asserted reliably on a shared machine (bench/ measures it: SecretCompareBenchmarks), so these
/// pin the comparisons to <see cref="CryptographicOperations.FixedTimeEquals"/> by reading the methods' own IL:
/// <c>SequenceEqual</c> or an <c>Equals</c> in its place, or the call removed for a loop, fails them.
/// </summary>
public sealed class ConstantTimeTests
{
    [Fact]
    public void SecretHashMatches_ComparesWithFixedTimeEqualsOnly() =>
        AssertComparesInFixedTime(typeof(SecretHash).GetMethod(nameof(SecretHash.Matches), BindingFlags.Public | BindingFlags.Static)!);

    [Fact]
    public void RequestSignatureVerify_ComparesWithFixedTimeEqualsOnly() =>
        AssertComparesInFixedTime(typeof(RequestSignature).GetMethod(nameof(RequestSignature.Verify), BindingFlags.Public | BindingFlags.Static)!);

    private static void AssertComparesInFixedTime(MethodInfo method)
    {
        var called = CalledMethods(method);
        Assert.Contains(called, m => m.DeclaringType == typeof(CryptographicOperations) && m.Name == nameof(CryptographicOperations.FixedTimeEquals));
        Assert.DoesNotContain(called, m => m.Name is "SequenceEqual" or "SequenceCompareTo" or "op_Equality" or "Equals" or "CompareTo");
    }

    /// <summary>Every method the IL calls (call, callvirt), found by resolving the tokens after those opcodes.</summary>
    private static List<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        var found = new List<MethodBase>();
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is 0x28 or 0x6F) // call, callvirt
            {
                try
                {
                    found.Add(method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1))!);
                }
                catch (ArgumentException)
                {
                    // Not a method token: the byte was an operand of another instruction.
                }
            }
        }
        return found;
    }
}
