#include "votes/counting/count_command.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include "votes/counting/blt.hpp"
#include "votes/counting/count_json.hpp"
#include "votes/counting/irv.hpp"
#include "votes/counting/meek_stv.hpp"
#include "votes/counting/scottish_stv.hpp"

namespace plenary::votes::counting {
namespace {

constexpr const char* usage =
    "usage: plenary count --method irv|scottish-stv|meek-stv [options] FILE.blt\n"
    "\n"
    "Counts the ranked ballots in a BLT file and prints every round as JSON.\n"
    "  --method irv            instant run-off, one seat\n"
    "  --method scottish-stv   Scottish Local Government Elections Order 2007\n"
    "  --method meek-stv       Meek STV, Proportional Representation Foundation reference rule\n"
    "IRV only:\n"
    "  --overvote exhaust      an over-voted rank exhausts the ballot (the default)\n"
    "  --overvote skip         an over-voted rank is passed over\n"
    "  --overvote burlington   Burlington VT 2009: counts for the one continuing candidate "
    "marked;\n"
    "                          exhausts the ballot for good if two or more are continuing\n"
    "  --batch-elimination     exclude at once every candidate who cannot overtake the next\n"
    "Meek STV only:\n"
    "  --meek-variant prf-reference     the PRF reference rule (the default)\n"
    "  --meek-variant droop-parametric  Droop's Meek Parametric rule, fixed-point, omega 10^-6\n"
    "Ties the earlier rounds do not settle go by the file's [tie] order, else the candidate\n"
    "order: the first listed is excluded first.\n";

struct Arguments {
  std::optional<Method> method;
  std::optional<OverVoteRule> overvote;
  bool batch_elimination = false;
  std::optional<MeekVariant> meek_variant;
  std::string file;
};

std::optional<Method> method_from_name(const std::string& name) {
  for (Method method : {Method::irv, Method::scottish_stv, Method::meek_stv}) {
    if (method_name(method) == name) {
      return method;
    }
  }
  return std::nullopt;
}

// Fills `arguments`, or returns the message explaining what is wrong.
std::optional<std::string> parse_arguments(std::vector<std::string> args, Arguments& arguments) {
  if (!args.empty() && args.front() == "count") {
    args.erase(args.begin());
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string word = args[i];
    std::optional<std::string> attached;
    if (word.starts_with("--") && word.find('=') != std::string::npos) {
      attached = word.substr(word.find('=') + 1);
      word = word.substr(0, word.find('='));
    }
    const auto value = [&]() -> std::optional<std::string> {
      if (attached) {
        return attached;
      }
      if (i + 1 < args.size()) {
        return args[++i];
      }
      return std::nullopt;
    };
    if (word == "--method") {
      const auto name = value();
      if (!name) {
        return "--method needs a value: irv, scottish-stv or meek-stv";
      }
      arguments.method = method_from_name(*name);
      if (!arguments.method) {
        return "unknown method \"" + *name + "\"; use irv, scottish-stv or meek-stv";
      }
    } else if (word == "--overvote") {
      const auto name = value();
      if (!name) {
        return "--overvote needs a value: exhaust, skip or burlington";
      }
      arguments.overvote = overvote_rule_from_name(*name);
      if (!arguments.overvote) {
        return "unknown over-vote rule \"" + *name + "\"; use exhaust, skip or burlington";
      }
    } else if (word == "--meek-variant") {
      const auto name = value();
      if (!name) {
        return "--meek-variant needs a value: prf-reference or droop-parametric";
      }
      arguments.meek_variant = meek_variant_from_name(*name);
      if (!arguments.meek_variant) {
        return "unknown Meek variant \"" + *name + "\"; use prf-reference or droop-parametric";
      }
    } else if (word == "--batch-elimination" && !attached) {
      arguments.batch_elimination = true;
    } else if (word.starts_with("-") && word != "-") {
      return "unknown option " + args[i];
    } else if (!arguments.file.empty()) {
      return "give one ballot file, not several";
    } else {
      arguments.file = word;
    }
  }
  if (!arguments.method) {
    return "--method is required";
  }
  if (arguments.file.empty()) {
    return "give the ballot file to count";
  }
  if (*arguments.method != Method::irv && (arguments.overvote || arguments.batch_elimination)) {
    return "--overvote and --batch-elimination apply to --method irv only";
  }
  if (*arguments.method != Method::meek_stv && arguments.meek_variant) {
    return "--meek-variant applies to --method meek-stv only";
  }
  return std::nullopt;
}

}  // namespace

int run_count_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << usage;
      return 0;
    }
  }
  Arguments arguments;
  if (auto problem = parse_arguments(args, arguments)) {
    err << "plenary count: " << *problem << "\n\n" << usage;
    return 2;
  }
  std::ifstream file(arguments.file, std::ios::binary);
  if (!file) {
    err << "plenary count: cannot open " << arguments.file << "\n";
    return 1;
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) {
    err << "plenary count: cannot read " << arguments.file << "\n";
    return 1;
  }
  auto election = parse_blt(text.str());
  if (!election) {
    err << "plenary count: " << arguments.file << ": " << election.error().detail << "\n";
    return 1;
  }
  Result<Count> count = Error{ErrorKind::bad_request, "no method"};
  switch (*arguments.method) {
    case Method::irv:
      count = count_irv(*election, {arguments.overvote.value_or(default_overvote_rule),
                                    arguments.batch_elimination});
      break;
    case Method::scottish_stv:
      count = count_scottish_stv(*election);
      break;
    case Method::meek_stv:
      count = count_meek_stv(*election, arguments.meek_variant.value_or(default_meek_variant));
      break;
  }
  if (!count) {
    err << "plenary count: " << arguments.file << ": " << count.error().detail << "\n";
    return 1;
  }
  if (!election->trailing_lines.empty()) {
    count->notes.push_back(std::to_string(election->trailing_lines.size()) +
                           " line(s) after the title were kept as notes, not counted.");
  }
  out << count_to_json(*count).dump(2) << "\n";
  return out ? 0 : 1;
}

}  // namespace plenary::votes::counting
