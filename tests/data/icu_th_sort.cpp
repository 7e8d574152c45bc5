// Produces tests/data/icu_th_*.txt: ICU 72 Thai collation of the names read on stdin.
// g++ -o icu_th_sort icu_th_sort.cpp $(pkg-config --cflags --libs icu-i18n icu-uc) && ./icu_th_sort < names.txt
#include <unicode/coll.h>
#include <unicode/unistr.h>
#include <iostream>
#include <string>
#include <vector>
#include <algorithm>
int main() {
  UErrorCode st = U_ZERO_ERROR;
  icu::Collator* c = icu::Collator::createInstance(icu::Locale("th", "TH"), st);
  if (U_FAILURE(st)) return 1;
  std::vector<std::string> lines; std::string l;
  while (std::getline(std::cin, l)) lines.push_back(l);
  std::stable_sort(lines.begin(), lines.end(), [&](const std::string& a, const std::string& b) {
    UErrorCode s = U_ZERO_ERROR;
    return c->compare(icu::UnicodeString::fromUTF8(a), icu::UnicodeString::fromUTF8(b), s) == UCOL_LESS; });
  for (auto& x : lines) std::cout << x << "\n";
}
