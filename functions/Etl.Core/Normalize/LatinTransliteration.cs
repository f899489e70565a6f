namespace Etl.Core.Normalize;

/// <summary>
/// Maps the Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional)
/// to their ASCII base letters, so <c>Größe</c> names a column <c>grosse</c> rather than <c>gr_e</c>.
/// </summary>
/// <remarks>
/// A fixed table rather than <see cref="string.Normalize()"/>: the hosts run with invariant globalization, where
/// normalization does not decompose, and a table cannot drift with the ICU version of the machine — names must
/// be identical on every host and in every year. Generated from Unicode NFKD with the combining marks dropped,
/// plus the letters that have no decomposition (ß, æ, œ, ø, ł, đ, þ, ð, ı, ħ, ŧ, ŋ, ĸ). Capital ligatures
/// map to title case (Æ → Ae), so the camelCase rule reads <c>Æsir</c> as one word.
/// </remarks>
internal static class LatinTransliteration
{
    // Pairs "letter + ASCII replacement", separated by spaces.
    private const string Pairs =
        "ÀA ÁA ÂA ÃA ÄA ÅA ÆAe ÇC ÈE ÉE ÊE ËE ÌI ÍI ÎI ÏI ÐD ÑN ÒO ÓO ÔO ÕO ÖO ØO ÙU ÚU ÛU ÜU ÝY ÞTh ßss àa " +
        "áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy ĀA āa ĂA " +
        "ăa ĄA ąa ĆC ćc ĈC ĉc ĊC ċc ČC čc ĎD ďd ĐD đd ĒE ēe ĔE ĕe ĖE ėe ĘE ęe ĚE ěe ĜG ĝg ĞG ğg ĠG ġg ĢG ģg " +
        "ĤH ĥh ĦH ħh ĨI ĩi ĪI īi ĬI ĭi ĮI įi İI ıi ĲIj ĳij ĴJ ĵj ĶK ķk ĸk ĹL ĺl ĻL ļl ĽL ľl ĿL ŀl ŁL łl ŃN ńn " +
        "ŅN ņn ŇN ňn ŊN ŋn ŌO ōo ŎO ŏo ŐO őo ŒOe œoe ŔR ŕr ŖR ŗr ŘR řr ŚS śs ŜS ŝs ŞS şs ŠS šs ŢT ţt ŤT ťt ŦT " +
        "ŧt ŨU ũu ŪU ūu ŬU ŭu ŮU ůu ŰU űu ŲU ųu ŴW ŵw ŶY ŷy ŸY ŹZ źz ŻZ żz ŽZ žz ſs ƠO ơo ƯU ưu ǄDz ǅDz ǆdz " +
        "ǇLJ ǈLj ǉlj ǊNJ ǋNj ǌnj ǍA ǎa ǏI ǐi ǑO ǒo ǓU ǔu ǕU ǖu ǗU ǘu ǙU ǚu ǛU ǜu ǞA ǟa ǠA ǡa ǦG ǧg ǨK ǩk ǪO " +
        "ǫo ǬO ǭo ǰj ǱDZ ǲDz ǳdz ǴG ǵg ǸN ǹn ǺA ǻa ȀA ȁa ȂA ȃa ȄE ȅe ȆE ȇe ȈI ȉi ȊI ȋi ȌO ȍo ȎO ȏo ȐR ȑr ȒR " +
        "ȓr ȔU ȕu ȖU ȗu ȘS șs ȚT țt ȞH ȟh ȦA ȧa ȨE ȩe ȪO ȫo ȬO ȭo ȮO ȯo ȰO ȱo ȲY ȳy ḀA ḁa ḂB ḃb ḄB ḅb ḆB ḇb " +
        "ḈC ḉc ḊD ḋd ḌD ḍd ḎD ḏd ḐD ḑd ḒD ḓd ḔE ḕe ḖE ḗe ḘE ḙe ḚE ḛe ḜE ḝe ḞF ḟf ḠG ḡg ḢH ḣh ḤH ḥh ḦH ḧh ḨH " +
        "ḩh ḪH ḫh ḬI ḭi ḮI ḯi ḰK ḱk ḲK ḳk ḴK ḵk ḶL ḷl ḸL ḹl ḺL ḻl ḼL ḽl ḾM ḿm ṀM ṁm ṂM ṃm ṄN ṅn ṆN ṇn ṈN ṉn " +
        "ṊN ṋn ṌO ṍo ṎO ṏo ṐO ṑo ṒO ṓo ṔP ṕp ṖP ṗp ṘR ṙr ṚR ṛr ṜR ṝr ṞR ṟr ṠS ṡs ṢS ṣs ṤS ṥs ṦS ṧs ṨS ṩs ṪT " +
        "ṫt ṬT ṭt ṮT ṯt ṰT ṱt ṲU ṳu ṴU ṵu ṶU ṷu ṸU ṹu ṺU ṻu ṼV ṽv ṾV ṿv ẀW ẁw ẂW ẃw ẄW ẅw ẆW ẇw ẈW ẉw ẊX ẋx " +
        "ẌX ẍx ẎY ẏy ẐZ ẑz ẒZ ẓz ẔZ ẕz ẖh ẗt ẘw ẙy ẛs ẞSS ẠA ạa ẢA ảa ẤA ấa ẦA ầa ẨA ẩa ẪA ẫa ẬA ậa ẮA ắa ẰA " +
        "ằa ẲA ẳa ẴA ẵa ẶA ặa ẸE ẹe ẺE ẻe ẼE ẽe ẾE ếe ỀE ềe ỂE ểe ỄE ễe ỆE ệe ỈI ỉi ỊI ịi ỌO ọo ỎO ỏo ỐO ốo " +
        "ỒO ồo ỔO ổo ỖO ỗo ỘO ộo ỚO ớo ỜO ờo ỞO ởo ỠO ỡo ỢO ợo ỤU ụu ỦU ủu ỨU ứu ỪU ừu ỬU ửu ỮU ữu ỰU ựu ỲY " +
        "ỳy ỴY ỵy ỶY ỷy ỸY ỹy ";

    private static readonly Dictionary<char, string> Map = Parse();

    /// <summary>The ASCII letters for <paramref name="c"/>, or null when it is not a transliterated letter.</summary>
    public static string? Lookup(char c) => Map.GetValueOrDefault(c);

    private static Dictionary<char, string> Parse()
    {
        var map = new Dictionary<char, string>();
        foreach (var pair in Pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries)) map[pair[0]] = pair[1..];
        return map;
    }
}
