namespace Instr.Benchmarks.Engine;

/// <summary>
/// Callers for the un-inlining benchmark: each calls the small <see cref="InlinedCallee.Scale"/> in a loop, so once hot
/// its Tier1 code holds an inlined copy. 100 distinct methods (so 100 distinct inliners), written out like user code.
/// </summary>
internal static class InliningCallers
{    public static long C00(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 0); return s; }
    public static long C01(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 1); return s; }
    public static long C02(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 2); return s; }
    public static long C03(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 3); return s; }
    public static long C04(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 4); return s; }
    public static long C05(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 5); return s; }
    public static long C06(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 6); return s; }
    public static long C07(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 7); return s; }
    public static long C08(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 8); return s; }
    public static long C09(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 9); return s; }
    public static long C10(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 10); return s; }
    public static long C11(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 11); return s; }
    public static long C12(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 12); return s; }
    public static long C13(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 13); return s; }
    public static long C14(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 14); return s; }
    public static long C15(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 15); return s; }
    public static long C16(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 16); return s; }
    public static long C17(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 17); return s; }
    public static long C18(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 18); return s; }
    public static long C19(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 19); return s; }
    public static long C20(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 20); return s; }
    public static long C21(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 21); return s; }
    public static long C22(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 22); return s; }
    public static long C23(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 23); return s; }
    public static long C24(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 24); return s; }
    public static long C25(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 25); return s; }
    public static long C26(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 26); return s; }
    public static long C27(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 27); return s; }
    public static long C28(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 28); return s; }
    public static long C29(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 29); return s; }
    public static long C30(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 30); return s; }
    public static long C31(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 31); return s; }
    public static long C32(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 32); return s; }
    public static long C33(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 33); return s; }
    public static long C34(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 34); return s; }
    public static long C35(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 35); return s; }
    public static long C36(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 36); return s; }
    public static long C37(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 37); return s; }
    public static long C38(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 38); return s; }
    public static long C39(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 39); return s; }
    public static long C40(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 40); return s; }
    public static long C41(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 41); return s; }
    public static long C42(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 42); return s; }
    public static long C43(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 43); return s; }
    public static long C44(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 44); return s; }
    public static long C45(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 45); return s; }
    public static long C46(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 46); return s; }
    public static long C47(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 47); return s; }
    public static long C48(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 48); return s; }
    public static long C49(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 49); return s; }
    public static long C50(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 50); return s; }
    public static long C51(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 51); return s; }
    public static long C52(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 52); return s; }
    public static long C53(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 53); return s; }
    public static long C54(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 54); return s; }
    public static long C55(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 55); return s; }
    public static long C56(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 56); return s; }
    public static long C57(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 57); return s; }
    public static long C58(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 58); return s; }
    public static long C59(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 59); return s; }
    public static long C60(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 60); return s; }
    public static long C61(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 61); return s; }
    public static long C62(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 62); return s; }
    public static long C63(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 63); return s; }
    public static long C64(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 64); return s; }
    public static long C65(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 65); return s; }
    public static long C66(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 66); return s; }
    public static long C67(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 67); return s; }
    public static long C68(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 68); return s; }
    public static long C69(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 69); return s; }
    public static long C70(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 70); return s; }
    public static long C71(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 71); return s; }
    public static long C72(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 72); return s; }
    public static long C73(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 73); return s; }
    public static long C74(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 74); return s; }
    public static long C75(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 75); return s; }
    public static long C76(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 76); return s; }
    public static long C77(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 77); return s; }
    public static long C78(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 78); return s; }
    public static long C79(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 79); return s; }
    public static long C80(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 80); return s; }
    public static long C81(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 81); return s; }
    public static long C82(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 82); return s; }
    public static long C83(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 83); return s; }
    public static long C84(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 84); return s; }
    public static long C85(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 85); return s; }
    public static long C86(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 86); return s; }
    public static long C87(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 87); return s; }
    public static long C88(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 88); return s; }
    public static long C89(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 89); return s; }
    public static long C90(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 90); return s; }
    public static long C91(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 91); return s; }
    public static long C92(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 92); return s; }
    public static long C93(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 93); return s; }
    public static long C94(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 94); return s; }
    public static long C95(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 95); return s; }
    public static long C96(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 96); return s; }
    public static long C97(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 97); return s; }
    public static long C98(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 98); return s; }
    public static long C99(long n) { long s = 0; for (long i = 0; i < n; i++) s += InlinedCallee.Scale(i + 99); return s; }

    public static readonly Func<long, long>[] All =
    [
        C00, C01, C02, C03, C04, C05, C06, C07, C08, C09, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C20, C21, C22, C23, C24, C25, C26, C27, C28, C29, C30, C31, C32, C33, C34, C35, C36, C37, C38, C39, C40, C41, C42, C43, C44, C45, C46, C47, C48, C49, C50, C51, C52, C53, C54, C55, C56, C57, C58, C59, C60, C61, C62, C63, C64, C65, C66, C67, C68, C69, C70, C71, C72, C73, C74, C75, C76, C77, C78, C79, C80, C81, C82, C83, C84, C85, C86, C87, C88, C89, C90, C91, C92, C93, C94, C95, C96, C97, C98, C99,
    ];
}

internal static class InlinedCallee
{
    public static long Scale(long x) => (x * 3) + 1;

    public static long Single(long x) => (x * 5) + 2;

    public static long CallSingle(long n)
    {
        long s = 0;
        for (long i = 0; i < n; i++)
        {
            s += Single(i);
        }

        return s;
    }
}
