/// Approximate text widths for sizing SVG boxes without a font engine. Each printable ASCII
/// character takes the wider of its advance in Helvetica (Adobe's AFM files; Arial and
/// Liberation Sans share these metrics) and in DejaVu Sans (the usual fallback on Linux), in
/// thousandths of an em, so a box fits its text in either; other characters are estimated.
enum TextMetrics {
    /// A font weight the renderers use.
    enum Weight { case regular, bold }

    /// Extra width allowed for rounding and kerning differences (1.0 = none).
    static let safety = 1.03

    /// The width of `text` set in `size`-pixel type, CSS pixels.
    static func width(_ text: String, size: Double, weight: Weight = .regular) -> Double {
        let table = weight == .bold ? bold : regular
        var units = 0
        for scalar in text.unicodeScalars {
            let value = Int(scalar.value)
            if value >= 32, value < 127 {
                units += table[value - 32]
            } else {
                units += estimate(scalar)
            }
        }
        return Double(units) / 1000 * size * safety
    }

    /// Thousandths of an em for a character outside printable ASCII.
    private static func estimate(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        let value = scalar.value
        // East Asian wide ranges and emoji take a full em.
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0x1F300...0x1FAFF).contains(value) || (0x20000...0x3FFFD).contains(value) {
            return 1000
        }
        if value == 0x2026 { return 1000 }  // …
        if value == 0x00B7 || value == 0x2022 { return 380 }  // · •
        return 600
    }

    // The wider of Helvetica and DejaVu Sans, space (32) to tilde (126).
    private static let regular = [
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
        636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556,
        1015, 684, 686, 722, 770, 667, 611, 778, 752, 295, 500, 667, 557, 863, 748, 787,
        667, 787, 722, 667, 611, 732, 684, 989, 685, 667, 685, 390, 337, 390, 838, 556,
        500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
        635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    ]

    // The wider of Helvetica-Bold and DejaVu Sans Bold, space (32) to tilde (126).
    private static let bold = [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
        696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611,
        1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 556, 775, 637, 995, 837, 850,
        733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 556,
        500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
        716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
    ]
}
